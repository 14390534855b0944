using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Audit;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Features.Requests.List;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.Tables;

/// <summary>Big tables (docs/benchmarks.md, issue 15): with 100,000 requests, 1,000,000 audit events and 2,000,000 timeline rows over
/// 50 tenants, the requests list (first page), the audit log (first page, a filtered page, page 500) and a request's page use case
/// within 1.5x of the equivalent raw SQL (the same page of rows and the same capped count, written by hand, read with a plain
/// DbDataReader). Usage: dotnet run -c Release --project tests/Portal.Benchmarks -- tables [--provider sqlite|postgres|both]
/// [--scale 1] [--iterations 20] [--warmup 3]. PostgreSQL comes from PORTAL_TEST_POSTGRES (an admin connection string).</summary>
internal static class TablesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Arg("--provider", "both");
        var scale = double.Parse(Arg("--scale", "1"), System.Globalization.CultureInfo.InvariantCulture);
        var iterations = int.Parse(Arg("--iterations", "20"));
        var warmup = int.Parse(Arg("--warmup", "3"));

        Console.WriteLine($"| database | what | use case median | raw SQL median | ratio | within 1.5x |");
        Console.WriteLine($"| --- | --- | ---: | ---: | ---: | --- |");
        if (provider is "sqlite" or "both")
        {
            var folder = Directory.CreateTempSubdirectory("portal-bench-tables-");
            try
            {
                await RunAsync("SQLite", new DatabaseOptions { Provider = "Sqlite", ConnectionString = $"Data Source={Path.Combine(folder.FullName, "portal.db")}" });
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                folder.Delete(true);
            }
        }
        if (provider is "postgres" or "both")
        {
            var admin = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES");
            if (admin is null) Console.WriteLine("| PostgreSQL | skipped: PORTAL_TEST_POSTGRES is not set | | | | |");
            else
            {
                var database = $"portal_bench_{Guid.NewGuid():N}";
                await ExecAsync(admin, $"CREATE DATABASE \"{database}\"");
                try
                {
                    await RunAsync("PostgreSQL", new DatabaseOptions
                    {
                        Provider = "Postgres", ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString(),
                    });
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await ExecAsync(admin, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
                }
            }
        }
        return 0; // numbers are compared by people, not by the script

        async Task RunAsync(string name, DatabaseOptions options)
        {
            await using var host = new BenchmarkHost(options);
            await host.Get<IDatabaseMigrator>().MigrateAsync();
            var seeding = Stopwatch.StartNew();
            var seeded = await TablesSeeder.SeedAsync(host.Get<IPortalDbContextFactory>(), options.Provider, options.ConnectionString, scale,
                host.Get<TimeProvider>().GetUtcNow());
            Console.Error.WriteLine($"{name}: seeded {seeded.Requests:N0} requests, {seeded.TimelineRows:N0} timeline rows and {seeded.AuditEvents:N0} audit events in {seeding.Elapsed.TotalSeconds:0} s");
            host.Principal.Current = seeded.PlatformEngineer;
            var pg = options.Provider == "Postgres";
            await using DbConnection raw = pg ? new NpgsqlConnection(options.ConnectionString) : new SqliteConnection(options.ConnectionString);
            await raw.OpenAsync();

            // The raw equivalents: the page's rows (with the names the page shows) and the count, capped as the use case caps it.
            var limit = Paging.CountLimit + 1;
            await CompareAsync("requests list, first page of 25",
                () => host.Get<ListRequests>().HandleAsync(new ListRequestsQuery(new PageRequest(0, 25))),
                $"""
                SELECT count(*) FROM (SELECT 1 FROM "Requests" LIMIT {limit}) AS c;
                SELECT r.*, c."Name", t."DisplayName"
                FROM (SELECT * FROM "Requests" ORDER BY "CreatedAt" DESC, "Id" LIMIT 25) r
                JOIN "Clusters" c ON c."Id" = r."ClusterId" JOIN "Tenants" t ON t."Id" = r."TenantId" ORDER BY r."CreatedAt" DESC, r."Id"
                """);
            await CompareAsync("audit log, first page of 25",
                () => host.Get<ListAuditEvents>().HandleAsync(new ListAuditEventsQuery(new PageRequest(0, 25))),
                AuditSql("", 0));
            await CompareAsync("audit log, text filter \"app-123 failed\", first page",
                () => host.Get<ListAuditEvents>().HandleAsync(new ListAuditEventsQuery(new PageRequest(0, 25), Text: "app-123 failed")),
                AuditSql("""WHERE lower(e."Summary") LIKE '%app-123 failed%'""", 0));
            await CompareAsync("audit log, page 500 (rows 12,476-12,500)",
                () => host.Get<ListAuditEvents>().HandleAsync(new ListAuditEventsQuery(new PageRequest(499, 25))),
                AuditSql("", 499 * 25));
            var id = pg ? $"'{seeded.SomeRequest}'" : $"'{seeded.SomeRequest.ToString().ToUpperInvariant()}'";
            await CompareAsync("a request's page (request, names, timeline)",
                () => host.Get<GetRequestDetails>().HandleAsync(new GetRequestDetailsQuery(seeded.SomeRequest)),
                $"""
                SELECT r.*, c."Name", t."DisplayName" FROM "Requests" r JOIN "Clusters" c ON c."Id" = r."ClusterId" JOIN "Tenants" t ON t."Id" = r."TenantId" WHERE r."Id" = {id};
                SELECT * FROM "RequestEvents" WHERE "RequestId" = {id} ORDER BY "Sequence"
                """);

            string AuditSql(string where, int skip) => $"""
                SELECT count(*) FROM (SELECT 1 FROM "AuditEvents" e {where} LIMIT {Math.Max(Paging.CountLimit, skip + 25) + 1}) AS c;
                SELECT e.*, t."DisplayName" FROM (SELECT * FROM "AuditEvents" e {where} ORDER BY e."Sequence" DESC LIMIT 25 OFFSET {skip}) e
                LEFT JOIN "Tenants" t ON t."Id" = e."TenantId" ORDER BY e."Sequence" DESC
                """;

            async Task CompareAsync<T>(string what, Func<Task<Result<T>>> useCase, string sql)
            {
                (await useCase()).ValueOrThrow();
                var mine = await TimeAsync(async () => (await useCase()).ValueOrThrow());
                var theirs = await TimeAsync(async () =>
                {
                    await using var cmd = raw.CreateCommand();
                    cmd.CommandText = sql;
                    await using var reader = await cmd.ExecuteReaderAsync();
                    do
                    {
                        while (await reader.ReadAsync())
                            for (var i = 0; i < reader.FieldCount; i++) reader.GetValue(i);
                    } while (await reader.NextResultAsync());
                });
                var ratio = mine / theirs;
                Console.WriteLine($"| {name} | {what} | {mine:0.0} ms | {theirs:0.0} ms | {ratio:0.00}x | {(ratio <= 1.5 ? "yes" : "NO")} |");
            }
        }

        async Task<double> TimeAsync(Func<Task> run)
        {
            for (var i = 0; i < warmup; i++) await run();
            var times = new List<double>(iterations);
            for (var i = 0; i < iterations; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            return times[times.Count / 2];
        }

        static async Task ExecAsync(string connectionString, string sql)
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync();
        }

        string Arg(string name, string fallback) => Bench.Arg(args, name, fallback);
    }
}
