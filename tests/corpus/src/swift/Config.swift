import Foundation

enum Config {
    static let apiBaseURL = URL(string: "https://api.acme-corp.io/v2")!
    static let stripePublishableKey = "pk_live_51GM1ATDMHEntm6Ax1UWdE6yXBL3TILgGMzocJcj6eS9cir0ylFXIv9IDqkHBzZyB4l2zfARMM2SEM7SKrfZ0cxNeKFQhiRUpHB"
    static let revenueCatKey = "appl_qB6Qy5F92oMUmAYLp8fexjBt0Iy"
    static let intercomAppID = "37k43ls3"
    static let intercomIOSKey = "ios_sdk-2baeff0ddd7f676fc397e708613bc7d888f6ff4f"
    // TODO: move to the backend, this must not ship in the app
    static let openAIKey = "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"
    static let sentryDSN = "https://60871cc895caf053106549afe638d9f7@o237941.ingest.sentry.io/5421097"
}
