using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Benchmarks.Circuits;

/// <summary>Memory per open browser (issue 15): the portal runs in this process (SQLite, development sign-in, the demo's simulated
/// clusters and data, as the README's run command starts it); a child process opens 1 -> N circuits on one page as a signed-in
/// person, each kept as a browser keeps it. After each step the live managed heap is read after a full, compacting collection;
/// per circuit = (heap at N - heap before) / N. Then every circuit is closed and the heap read again: it must come back.
/// Usage: dotnet run -c Release --project tests/Portal.Benchmarks -- circuits [--pages /namespaces,/requests] [--counts 100,250,500,1000]
/// [--user sam]. Page "/requests/{request}" and "/migrations/{plan}" take the demo's first request or plan.</summary>
internal static class CircuitsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pages = Bench.Arg(args, "--pages", "/namespaces,/requests,/requests/{request},/migrations/{plan}").Split(',');
        var counts = Bench.Arg(args, "--counts", "100,250,500,1000").Split(',').Select(int.Parse).ToArray();
        var user = Bench.Arg(args, "--user", "sam");

        var data = Directory.CreateTempSubdirectory("portal-circuits-");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(data.FullName, "portal.db")}",
            ["Demo__Enabled"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        }) Environment.SetEnvironmentVariable(key, value);
        await using var factory = // Any type of the portal names its assembly (whose entry point the factory runs); this program has a Program of its own.
        new WebApplicationFactory<Portal.Web.Components.App>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            // A test project gets the portal's folder from Mvc.Testing's manifest; this program names it.
            b.UseSolutionRelativeContentRoot("src/Portal.Web");
            b.UseUrls("http://127.0.0.1:0");
        });
        factory.UseKestrel();
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress;
        // The demo's seeded requests run for a while after start: let them end before the first reading.
        await Task.Delay(TimeSpan.FromSeconds(20));

        Console.WriteLine($"| page | circuits | live heap | per circuit since 0 | after closing all |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var template in pages)
        {
            var page = await ResolveAsync(factory.Services, template);
            await using var clients = await ClientProcess.StartAsync(baseUrl, user, page);
            await clients.AskAsync("open 1");     // warm-up: first render of the page compiles its code paths
            await clients.AskAsync("close");
            var before = LiveHeap();
            await DumpAsync("before");
            foreach (var n in counts)
            {
                await clients.AskAsync($"open {n}");
                var heap = LiveHeap();
                await DumpAsync($"{n}");
                if (Environment.GetEnvironmentVariable("PORTAL_BENCH_HOLD") is { } hold) { Console.Error.WriteLine($"holding, pid {Environment.ProcessId}"); await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold))); }
                Console.WriteLine($"| {template} | {n} | {Mb(heap)} | {(heap - before) / 1024.0 / n:0} KB | |");
            }
            await clients.AskAsync("close");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = LiveHeap();
            await DumpAsync("closed");

            Console.WriteLine($"| {template} | 0 | {Mb(after)} | | {(after - before) / 1024.0:+0;-0} KB against before |");
        }
        data.Delete(recursive: true);
        return 0;
    }

    private static long LiveHeap()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>With PORTAL_BENCH_GCDUMP set to a folder (and dotnet-gcdump on the PATH or in PORTAL_BENCH_GCDUMP_TOOL): a heap
    /// dump of the portal after each step, to find what each circuit keeps (`dotnet-gcdump report <file>`).</summary>
    private static async Task DumpAsync(string step)
    {
        if (Environment.GetEnvironmentVariable("PORTAL_BENCH_GCDUMP") is not { Length: > 0 } folder) return;
        var tool = Environment.GetEnvironmentVariable("PORTAL_BENCH_GCDUMP_TOOL") ?? "dotnet-gcdump";
        var file = Path.Combine(folder, $"circuits-{step}.gcdump");
        using var dump = Process.Start(new ProcessStartInfo(tool, ["collect", "-p", Environment.ProcessId.ToString(), "-o", file])
            { RedirectStandardOutput = true }) ?? throw new InvalidOperationException($"Could not start {tool}.");
        await dump.WaitForExitAsync();
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024:0.0} MB";

    private static async Task<string> ResolveAsync(IServiceProvider services, string template)
    {
        if (!template.Contains('{')) return template;
        await using var db = await services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var request = await db.Requests.OrderBy(r => r.CreatedAt).Select(r => r.Id).FirstAsync();
        var plan = await db.MigrationPlans.Select(p => p.Id).FirstOrDefaultAsync();
        return template.Replace("{request}", request.ToString()).Replace("{plan}", plan.ToString());
    }

    /// <summary>The child process (this program's "circuit-clients" command) and its line protocol.</summary>
    private sealed class ClientProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private ClientProcess(Process process) => _process = process;

        public static Task<ClientProcess> StartAsync(Uri url, string user, string page)
        {
            var self = typeof(ClientProcess).Assembly.Location;
            var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { self, "circuit-clients", "--url", url.ToString(), "--user", user, "--page", page }) info.ArgumentList.Add(a);
            return Task.FromResult(new ClientProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the clients.")));
        }

        public async Task AskAsync(string command)
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            var answer = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(10))
                ?? throw new InvalidOperationException($"The clients ended while asked to '{command}'.");
            Console.Error.WriteLine($"  clients: {answer}");
        }

        public async ValueTask DisposeAsync()
        {
            try { await _process.StandardInput.WriteLineAsync("quit"); await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)); }
            catch (Exception) { _process.Kill(entireProcessTree: true); }
            _process.Dispose();
        }
    }
}
