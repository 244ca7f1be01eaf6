<?php
/**
 * The base configuration for WordPress
 *
 * @link https://wordpress.org/documentation/article/editing-wp-config-php/
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
define( 'DB_NAME', 'wp_acme' );
define( 'DB_USER', 'wp_acme' );
define( 'DB_PASSWORD', 'LfP3XX_vaPjCO_L4' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 *
 * Change these to different unique phrases! You can generate these using
 * the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.
 */
define( 'AUTH_KEY',         '3tH:2?4+P[nge@R~HulLLCAsg()iily[}P+ZiUM9]:e{gM|F;81X<mB/$~9m27K?' );
define( 'SECURE_AUTH_KEY',  ':kL`G=+002n.e+?!LlPLoaDC_Ek7iuTM.>b4g<``5WewB/Q]hjR|G2#h@KPw&;jj' );
define( 'LOGGED_IN_KEY',    '+:*M~dEAWky*@Kx7L_ktH|N4)oiBW81y#[2!pI9,@rgRU;8u2nww*OS2g#{rd%J.' );
define( 'NONCE_KEY',        '7aojn0h=Oxb+qood*FXMWOdXzmIpA?Rf[Z0K|y!YKj}Z<7vkmN7XdjJJNQu5^QeH' );
define( 'AUTH_SALT',        '1U{2QP3pQutf8iWk:p`h;y/k2g(lT.S>)A;`qsvglC3T!gpGKr1p84z]p?j3->%?' );
define( 'SECURE_AUTH_SALT', 'ZNGF/M82_m7t(`HF2Pm$&%*{1E$1Nf?|7N2@>@[ERDV3-J+dcXnWo?XYMLM/iW|F' );
define( 'LOGGED_IN_SALT',   'xarQHsT8H2C9^}/>Nph`e$L5hRfp:x3!g^3H<31dmzCd^&yb.Q3:^DQLi@g+%H/s' );
define( 'NONCE_SALT',       'CyM*b]UXX&IFH(5XD!_>Pfm6/ery<5b805~El*elVK;A*d9127RAn?^1<80V8Uqv' );
/**#@-*/

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
