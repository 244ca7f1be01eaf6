package io.acmecorp.shop.net

import okhttp3.Interceptor
import okhttp3.OkHttpClient

object ApiClient {
    // Mapbox public token for the map view (URL-restricted)
    const val MAPBOX_PUBLIC = "pk.eyJ1IjoiYWNtZS1zaG9wIiwiYSI6IOaks9GN04DPrrMy5ctIn0.R0EeVPX6LSTGuerwLVjT0d"
    private const val MAPBOX_DOWNLOADS = "sk.eyJ1IjoiYWNtZS1zaG9wIiwiYSI6Iiszs7OcUx_swiM2atWIn0.lR_T74zBnKQUfS7EDfhgh9"
    private const val GOOGLE_MAPS_KEY = "AIzaSyBeO59z-a2hEBZp8IO_Q_T7ZebORvqQOBh"

    val http: OkHttpClient = OkHttpClient.Builder()
        .addInterceptor(Interceptor { chain ->
            chain.proceed(
                chain.request().newBuilder()
                    .header("User-Agent", "AcmeShop/4.2 (Android)")
                    .header("X-Api-Key", "fdvdZ0uh3R7bIkH72YtxHmfyylvQt6hLXeggji7f")
                    .build()
            )
        })
        .build()
}
