-- PostgreSQL database dump
SET statement_timeout = 0;
SET client_encoding = 'UTF8';

CREATE TABLE public.users (
    id bigint NOT NULL,
    email text NOT NULL,
    password_digest text NOT NULL,
    api_token_digest text,
    created_at timestamp with time zone DEFAULT now()
);

COPY public.users (id, email, password_digest, api_token_digest, created_at) FROM stdin;
1	alice@example.com	$2b$12$kXKSxkbzQIqEwFrzjtpzVgHL9TbWJsUVGZ3sqEcmSlHllloiZNxmH	bd9ccb526f92101bfacf3243cb0ff36be62480315ccf47eaa02c71101749f7a5	2025-04-12 10:00:00+00
2	bob@example.com	$2b$12$S/2xZ.zz7CmDDiPCkB4ZU4nU9zGcYOs.9SbKisjqdmmJI2TKA81Ph	695fac8f1669d03eb97c0e7006d1e1350f5fa417525dfadc8663a5cbb265e9b5	2025-09-17 10:00:00+00
3	carol@example.com	$2b$12$QB.R7bI4WzQpDyvxOA5VzXvDKXyzQffPyj07gywhZ4tEBP4gY2GaL	05140d567039afa6bbcaee795d5b2b6af4732e0b3933d5441f52ca60661b5182	2025-07-17 10:00:00+00
4	dave@example.com	$2b$12$4Ak2qI1pI8bClmXg2728ZBOA/60tYJopUSYDAGB1hYhUlOcP5UQJd	846450b7f242ccf355c85e061ebdcfc18e6965b67d904febf26775bd6cbbfecd	2025-05-15 10:00:00+00
5	erin@example.com	$2b$12$DPkZKMU/LsBvyfT2hkoutJX7tBHTYAylEiv5eMdORER9yXS.WtiLP	0e63812c96456d96bfee998da51f7dac63bedf464a5a23f6727cc81d320e7c56	2025-07-13 10:00:00+00
6	frank@example.com	$2b$12$jzdKL8WpXtYGkysnDYaVYG9DgB5wSoL6lKO/yhD3IE1QA9SnT1lIP	8713a0d9d220360ad6f408fd97e4aace33279709315428bfc72e2c962e0603fa	2025-06-15 10:00:00+00
7	grace@example.com	$2b$12$4ive4Ybche3ULykR4fNiVO8GLtcRhfxdpzP85cqZRoChZj2pZSs81	b244f9f7f5c39c74530855d3318710292f48ce466df1f4702ded602d67d67201	2025-05-14 10:00:00+00
\.

INSERT INTO public.settings (key, value) VALUES ('stripe_mode', 'live');
INSERT INTO public.settings (key, value) VALUES ('smtp_password', 'UxhLr3gAgkh!l4Z0');
INSERT INTO public.api_clients (name, client_id, client_secret) VALUES ('mobile', '3e1ca671-3d93-4e72-9b98-734e5010f6a4', 'KgBXxGowgfWMqXSToRhcUM-rzuglcIABSHw-nfO8ABU');
