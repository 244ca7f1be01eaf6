package com.acme.billing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import com.braintreegateway.BraintreeGateway;
import com.braintreegateway.Environment;

/**
 * Wiring for the payment gateway and the ledger database.
 */
public final class PaymentConfig {

    private static final String LEDGER_URL =
        "jdbc:sqlserver://ledger.corp.local:1433;databaseName=Ledger;user=ledger_app;password=xskL_D969#g6Qsh*;encrypt=true";

    private static final String DB_PASSWORD = "iaq-3k961%N.noEocc";

    static final BraintreeGateway GATEWAY = new BraintreeGateway(
        Environment.PRODUCTION,
        "jxpe9r4y7wu4eerw",
        "ophdhyywtnml84dk",
        "a58a209f396d70cfc688ca64d389dba1");

    static final String PAYPAL_CLIENT_ID = "AXWXO8mvPMpIkMoKKX25dpfQt0blO1BYQvdpN3OmJQnYDpcPIBfksb-wMhgzbOs7g1ZeHFH6dc_KvevO";
    static final String PAYPAL_CLIENT_SECRET = "ERO833cdrCeYUnx103ZTSvD6AaoDAB2XHvVtn7f_TRLfsPoDyXt00ZY5Wm6-CmPJ6YYOdAU74lRyPPKk";

    private PaymentConfig() {
    }

    public static Connection ledger() throws SQLException {
        return DriverManager.getConnection(LEDGER_URL);
    }

    public static Connection reporting() throws SQLException {
        return DriverManager.getConnection(
            "jdbc:postgresql://reporting.internal:5432/reports", "reports", DB_PASSWORD);
    }
}
