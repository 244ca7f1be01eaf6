using System;
using System.Net.Http;
using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using Microsoft.Data.SqlClient;
using SendGrid;

namespace Acme.Reports
{
    internal static class Program
    {
        private const string SqlConnection =
            "Server=tcp:acme-reports.database.windows.net,1433;Database=Reports;User ID=reporter;Password=x!MXV2PdHA9IlJJ4Y1;Encrypt=True;";

        private const string BlobConnection =
            "DefaultEndpointsProtocol=https;AccountName=acmereports;AccountKey=DCfljBO8G4siUisO2qlMZgcAlirBtQ+OoMVHZq3UfARUszzg6vOfoJxl0ivvGnhTIzhQwfpkysChlcpaG7VHEw==;EndpointSuffix=core.windows.net";

        private static readonly string SendGridKey = "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";

        private static readonly string CosmosConnection =
            "AccountEndpoint=https://acme-reports.documents.azure.com:443/;AccountKey=1LWWkcErCYLtyLfnRIV6mxrbwfwO7AFq9O1flF0IOG5Q2jPsqzsnutaEszGTPoQlVzyZKDbO5c2b3ijWuRSzVQ==;";

        public static async System.Threading.Tasks.Task Main(string[] args)
        {
            using var sql = new SqlConnection(SqlConnection);
            await sql.OpenAsync();
            var blobs = new BlobServiceClient(BlobConnection);
            var mail = new SendGridClient(SendGridKey);

            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(
                    System.Text.Encoding.ASCII.GetBytes(":3iucazwlx6c3xum6wsypchfsgf2qtdf4vnoc4olixw2hsxy6efaa")));
            var resp = await http.GetAsync("https://dev.azure.com/acme/_apis/projects?api-version=7.0");
            Console.WriteLine($"{resp.StatusCode} {Guid.NewGuid()}");
        }
    }
}
