using System.Diagnostics;
using Bunit;
using Npgsql;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Compliance;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.Compliance;

/// <summary>The compliance view on a large estate (docs/benchmarks.md): "status of 5,000 namespaces on 20 clusters renders in
/// under 1 s". Seeds the estate on SQLite and on PostgreSQL, then times the use cases the page calls (first page, counts
/// and the 30-day history) and the page itself rendered to its rows, as a platform engineer (everything) and as the SRE
/// of one tenant. Usage: dotnet run -c Release --project tests/Portal.Benchmarks -- compliance [--provider sqlite|postgres|both]
/// [--iterations 20] [--warmup 3]. PostgreSQL comes from PORTAL_TEST_POSTGRES (an admin connection string).</summary>
internal static class ComplianceBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Bench.Arg(args, "--provider", "both");
        var iterations = int.Parse(Bench.Arg(args, "--iterations", "20"));
        var warmup = int.Parse(Bench.Arg(args, "--warmup", "3"));

        Console.WriteLine($"| database | what | median | p95 | max | under 1 s |");
        Console.WriteLine($"| --- | --- | ---: | ---: | ---: | --- |");
        if (provider is "sqlite" or "both")
        {
            var folder = Directory.CreateTempSubdirectory("portal-bench-");
            try
            {
                await RunAsync("SQLite", new DatabaseOptions { Provider = "Sqlite", ConnectionString = $"Data Source={Path.Combine(folder.FullName, "portal.db")}" });
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                folder.Delete(true);
            }
        }
        if (provider is "postgres" or "both")
        {
            await using var database = await PostgresBenchmarkDatabase.CreateAsync();
            if (database is null) Console.WriteLine("| PostgreSQL | skipped: PORTAL_TEST_POSTGRES is not set | | | | |");
            else await RunAsync("PostgreSQL", new DatabaseOptions { Provider = "Postgres", ConnectionString = database.ConnectionString });
        }
        // A figure over the goal is printed (NO), never an exit code: numbers are compared by people, not by a timed test.
        return 0;

        async Task RunAsync(string name, DatabaseOptions options)
        {
            await using var host = new BenchmarkHost(options);
            await host.Get<IDatabaseMigrator>().MigrateAsync();
            var seeding = Stopwatch.StartNew();
            var people = await EstateSeeder.SeedAsync(host.Get<IPortalDbContextFactory>(), host.Get<TimeProvider>().GetUtcNow());
            Console.Error.WriteLine($"{name}: seeded in {seeding.Elapsed.TotalSeconds:0.0} s");

            foreach (var (who, principal) in new[] { ("platform engineer (5,000 namespaces, 20 clusters)", people.PlatformEngineer), ("SRE of one tenant (100 namespaces)", people.TenantSre) })
            {
                host.Principal.Current = principal;
                var overview = (await UseCasesAsync(host)).ValueOrThrow();
                Console.Error.WriteLine($"{name}, {who}: {overview.Counts}");
                Report(name, $"use cases (first page, counts, 30-day history), {who}", await TimeAsync(() => UseCasesAsync(host)));
                if (Environment.GetEnvironmentVariable("PORTAL_BENCH_PARTS") is not null)
                {
                    Report(name, $"overview only, {who}", await TimeAsync(() => host.Get<GetComplianceOverview>().HandleAsync(new GetComplianceOverviewQuery(new PageRequest(0, 10)))));
                    Report(name, $"history only, {who}", await TimeAsync(() => host.Get<GetComplianceHistory>().HandleAsync(new GetComplianceHistoryQuery())));
                    Report(name, $"locations only, {who}", await TimeAsync(() => host.Get<ListBackupLocations>().HandleAsync(new ListBackupLocationsQuery())));
                }
                Report(name, $"page /protection rendered to its rows, {who}", await TimeAsync(() => RenderAsync(host)));
            }
        }

        static async Task<Result<ComplianceOverview>> UseCasesAsync(BenchmarkHost host)
        {
            var overview = await host.Get<GetComplianceOverview>().HandleAsync(new GetComplianceOverviewQuery(new PageRequest(0, 10),
                Status: ComplianceStatusFilter.NeedsAttention));
            (await host.Get<GetComplianceHistory>().HandleAsync(new GetComplianceHistoryQuery())).ValueOrThrow();
            return overview;
        }

        static async Task RenderAsync(BenchmarkHost host)
        {
            // Done when the rows, the counts and the locations are in the page's markup (the markup string, as the server
            // produces it; no HTML parsing per render batch, which is bUnit's cost, not the page's).
            var cut = host.Render<Portal.Web.Components.Pages.Protection.Compliance>();
            cut.WaitForState(() => cut.Instance.Overview is not null && Rendered(cut.Markup), TimeSpan.FromSeconds(60));
            await host.DisposeComponentsAsync();

            static bool Rendered(string markup) => markup.Contains("data-testid=\"compliance-namespace\"")
                && markup.Contains("data-testid=\"count-AtRisk\"") && markup.Contains("data-testid=\"location-row\"");
        }

        async Task<List<double>> TimeAsync(Func<Task> run)
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
            return times;
        }

        void Report(string database, string what, List<double> times)
        {
            var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
            var ok = p95 < 1000;
            Console.WriteLine($"| {database} | {what} | {times[times.Count / 2]:0} ms | {p95:0} ms | {times[^1]:0} ms | {(ok ? "yes" : "NO")} |");
        }
    }
}
