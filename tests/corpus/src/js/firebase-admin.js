const admin = require('firebase-admin');

// Service account for the notifications worker (project acme-shop-prod)
const serviceAccount = {
  type: 'service_account',
  project_id: 'acme-shop-prod',
  private_key_id: '1ff27c2cbcb80ac487a327493555bdf76c40d66d',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKeq4voF1P5uvKIS6sg0HVBnja0aZ/Q9\nma5Y8tF1Xmqa79Pu8Ghbzsd5TRHy3rWWlapl+4UWPvkVfwA7QM2y2tz03KUIuC+Q\njH1OLRJC4vBl/msadWj/0C6SUW1U5WaJ0I435agURsftca70aDGgQsd4HXl7JjXA\nfQTr61oIRLCfbI8C6TQzhD0sqKKtTzWdSnU2VtiQ/ymGrgE+N8ClwQyjtdReVKb4\naUVsF9ENjxiuKAp2L9MfjbICvm6BpavpQLEwgSrC4GtaT2RqW15p2igGxectMBey\nYMfFA+E8aIwPsa0iGAcJWYxaaCeZsyVp52gx9DFTjLIkU1BK70Scs9QX/HCYd82J\nS5tbWDZVCOr+CSgI4kYwyya7X8C9T86SzDUSDs//G+q5bcimzwf75IaI7hcjahYk\ndZM9Cjx9NrrPZF0bHr2xlNyTmksHm5RHMuH9caZAj2aEJ8iuZJOci4h3fPuElqMC\norxziMDzcl+KaVWDIHjcnToUYZ9LkQSZ0vaVZZPDcpRRlegO1rAC0mwirLP172Nl\nxcXp+JguYqjpZMUaBpUobCacazYC9HUAyGAcxpFrB5ox+5tYBPytd//FkVvQusIL\nel6LHmYrekJSnXaLswMbwPZhi79quWq0M8UEyx80E9n2qxbuhldqICvO70zt/FQ4\nrpCyvHfVxX6XNXrtuJsZIWICoLQt7Mp1xf73zEVqyaxU03r2TvD9amCkOovssD7y\ngYk+7Ackz7ayyxoVaSh1I8RSv5vX/0exGQ1uuHfon17oho4aFFifeOPyDYtqMvei\nh7bUfKXVtvxojlSIwmVsT/dnXf3JbCSFZN3LVxEuxr6cGYx6OjmU3/Fv4Y9OjMFT\n9IX3FhoykY7kD8GLgvFbe02buUAVt2Zkxqch8/DxRy4w0hHrh0Q/Zl/GEF4pS01S\nbVW/6MDLzXF49nH+muxbNJIyoSCeob2/ilrHruqkk95ymN+g5RCVnsHVS8xxnz0j\nZBl+VCu/RQ+46MU1K2wLaHShgvT63gg35rQfVODHCv7CZIOAoEUuGTi8Qr3Bt9jr\ntIACnGjSQ86F3vkb5BoOjVDFqdovuYeMOa16LH8OF8AprfH2fu0L+r5QW4L61Kl+\nYE7YdcBD+21BMHFOHf23s67RNXsEbt9ABYOglmK5qpRB0WwPILartUVlZHBbtQYK\n6yki3nZ3zxMiBSjr7rmc2jGb6sAxDag1r6WOd9wLQaqk3I+MC/HkzfmZpMy/KbT6\nTsRDCOa1BKoAVmLv+NVMYTNFcuAKHLbXpxRNZIdGCqa4uXCQqB3I7f/CVHYJbJAj\nQtisSROlSddL8TMvE6Z8akmRr7sutrTPEsqE0UBf/8JaydHPU7McS5bLyAPMP02O\npa4JcSNEKr5V4AD7vxgujDSThRKg403O/5PlhowYgYdmsXN4D5zpG4Uu5VnlA+bM\nUES6SgVvGBxL1AzeFntIPDSlC+rFPkAR55Mz/1e6Teu0HBu3hu7U/v1JhdteylPe\nh0Cfn88b2TK6NuY2zcK2u8tjskpOiTDsH+RvHTlBjbdO02ybDqgBEl2BK6AAVWWP\nZSXrahBYjt2lZ7aus1EWliE=\n-----END PRIVATE KEY-----\n',
  client_email: 'notifications@acme-shop-prod.iam.gserviceaccount.com',
  client_id: '395790108162724812212',
};

admin.initializeApp({
  credential: admin.credential.cert(serviceAccount),
  databaseURL: 'https://acme-shop-prod-default-rtdb.europe-west1.firebasedatabase.app',
});

module.exports = async function notify(userId, title, body) {
  const snap = await admin.firestore().collection('devices').where('user', '==', userId).get();
  const tokens = snap.docs.map((d) => d.get('fcmToken'));
  if (tokens.length === 0) return 0;
  const res = await admin.messaging().sendEachForMulticast({ tokens, notification: { title, body } });
  return res.successCount;
};
