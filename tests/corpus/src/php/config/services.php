<?php

return [
    'mailgun' => [
        'domain' => 'mg.acme-corp.io',
        'secret' => 'key-91a9e5daf6ed07e5f84da830ef6767a3',
        'endpoint' => 'api.eu.mailgun.net',
    ],

    'postmark' => [
        'token' => env('POSTMARK_TOKEN'),
    ],

    'ses' => [
        'key' => 'AKIAUF62FW7COCDR7RQC',
        'secret' => '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',
        'region' => 'eu-west-1',
    ],

    'stripe' => [
        'model' => App\Models\User::class,
        'key' => 'pk_live_5142fKXJ9Zwtnipq1QA8fb1PRn7p7GSDWB1dKAKUgp4xEy8v8CSRas6acSBXAYqcthZuQGyuFHQBsjeyf0FKm0MRG6Q06XiIoZ2',
        'secret' => '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',
    ],

    'github' => [
        'client_id' => 'Iv1.80e640f518a29821',
        'client_secret' => '3c84b04dbac145156d4f634d5d427f2756cf9a49',
        'redirect' => 'https://shop.acme-corp.io/auth/github/callback',
    ],
];
