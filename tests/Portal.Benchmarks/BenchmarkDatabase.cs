using Npgsql;

namespace Portal.Benchmarks;

/// <summary>A PostgreSQL database of its own for one benchmark run, on the server PORTAL_TEST_POSTGRES names (an admin
/// connection string: the throwaway server of tests/test-servers.sh); dropped at the end.</summary>
public sealed class PostgresBenchmarkDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private PostgresBenchmarkDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>Null when PORTAL_TEST_POSTGRES is not set (the benchmark says it skipped).</summary>
    public static async Task<PostgresBenchmarkDatabase?> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES");
        if (admin is null) return null;
        var database = new PostgresBenchmarkDatabase(admin, $"portal_bench_{Guid.NewGuid():N}");
        await ExecAsync(admin, $"CREATE DATABASE \"{database._name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecAsync(_admin, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

/// <summary>Options and figures shared by the benchmarks.</summary>
public static class Bench
{
    /// <summary>The value after <paramref name="name"/> on the command line, or <paramref name="fallback"/>.</summary>
    public static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>The <paramref name="p"/>-th percentile (nearest rank) of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
