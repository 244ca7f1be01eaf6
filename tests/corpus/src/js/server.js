'use strict';

const express = require('express');
const mongoose = require('mongoose');
const jwt = require('jsonwebtoken');
const stripe = require('stripe')('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');
const Sentry = require('@sentry/node');

Sentry.init({
  dsn: 'https://58aded79a0b7e2a1f2f3242b0ddd03f6@o171858.ingest.sentry.io/8221543',
  tracesSampleRate: 0.2,
});

const app = express();
app.use(express.json());

const JWT_SECRET = 'Mr49Ki7c8VnzZ/+1ACZuQ9IEQE60lAufFtynf0a5TIY=';

mongoose.connect('mongodb+srv://api:nvjjBawmw1BUkps2@cluster0.xa75b.mongodb.net/shop?retryWrites=true&w=majority');

app.post('/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  if (!user || !(await user.checkPassword(req.body.password))) {
    return res.status(401).json({ error: 'invalid credentials' });
  }
  const token = jwt.sign({ sub: user.id, role: user.role }, JWT_SECRET, { expiresIn: '1h' });
  res.json({ token });
});

app.post('/checkout', async (req, res) => {
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: req.body.items,
    success_url: 'https://shop.acme-corp.io/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://shop.acme-corp.io/cart',
  });
  res.json({ id: session.id });
});

app.listen(process.env.PORT || 3000);
