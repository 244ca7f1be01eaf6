import { z } from 'zod';

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']),
  DATABASE_URL: z.string().url(),
});

export const env = Env.parse(process.env);

export const config = {
  twilio: {
    accountSid: 'ACb76c23677fc96548c40ec500f145cf0d',
    authToken: '45744f4b996780c5cc9e46b9ac7fac79',
    from: '+14153222776',
  },
  sendgrid: {
    apiKey: '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',
    templateId: 'd-7b0922e418d2fb4508851a41cad7a348',
  },
  firebase: {
    apiKey: 'AIzaSyEEEa4dRvAeFwKyADY0GPvHm_QOXs3ArO4',
    authDomain: 'acme-shop-prod.firebaseapp.com',
    projectId: 'acme-shop-prod',
    storageBucket: 'acme-shop-prod.appspot.com',
    messagingSenderId: '315493282360',
    appId: '1:736273999960:web:ac54a2fadc67aeea058094',
    measurementId: 'G-HL63VZX2O3',
  },
  algolia: {
    appId: '8G8Z8HQ3W7',
    adminApiKey: '9a0bc0bdcd8db9e7561a49fe1cab3351',
  },
  linear: {
    apiKey: 'lin_api_0uBQn04ajKtWepp0L7Dq5G5FkBwL6oE8Ao1e1oci',
  },
} as const;

export const featureFlags = {
  newCheckout: env.NODE_ENV !== 'production',
};
