using Npgsql;

namespace Portal.Databases.Tests.Support;

/// <summary>One table as a comparison sees it: where it is, how many rows, and an md5 over its rows.</summary>
public sealed record TableSnapshot(string Schema, string Name, long Rows, string RowsMd5);

/// <summary>Databases on the throwaway PostgreSQL: created per test, dropped afterwards.</summary>
public sealed class PgServer : IAsyncDisposable
{
    private readonly List<string> _created = [];
    private readonly NpgsqlConnectionStringBuilder _admin = new(TestServers.Postgres);

    /// <summary>What the Job would get from the Service and the Secret.</summary>
    public Dictionary<string, string> JobEnvironment(string? user = null) => new()
    {
        ["PGHOST"] = _admin.Host!,
        ["PGPORT"] = _admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = user ?? _admin.Username!,
        ["PGPASSWORD"] = _admin.Password ?? "",
    };

    public string Password => _admin.Password ?? "";

    /// <summary>A name the test owns; dropped on dispose (also when the script created it).</summary>
    public string NewName(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        _created.Add(name);
        return name;
    }

    public async Task<string> CreateSeededAsync(string prefix = "src_")
    {
        var name = NewName(prefix);
        await ExecuteAsync(_admin.Database!, $"CREATE DATABASE {SqlQuote.PostgresIdentifier(name)}");
        await ExecuteAsync(name, """
            CREATE SCHEMA sales;
            CREATE TABLE public.customers (id int PRIMARY KEY, name text NOT NULL, note text);
            INSERT INTO public.customers VALUES (1, 'Zoë Ångström', NULL), (2, 'O''Brien', E'tab\there'),
              (3, '日本語', E'line\nbreak'), (4, 'back\slash', '');
            CREATE TABLE sales.orders (id serial PRIMARY KEY, customer_id int REFERENCES public.customers,
              amount numeric(10,2), placed timestamptz);
            INSERT INTO sales.orders (customer_id, amount, placed)
              SELECT 1 + i % 4, i * 1.5, timestamptz '2024-01-01 00:00+00' + i * interval '1 hour' FROM generate_series(1, 500) i;
            INSERT INTO sales.orders (customer_id, amount, placed) VALUES (NULL, NULL, NULL);
            CREATE TABLE public."it's" (k text, v jsonb);
            INSERT INTO public."it's" VALUES ('a"b', '{"x": [1, null]}'), (NULL, NULL);
            CREATE TABLE sales.empty (x int);
            CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE amount > 100;
            """);
        return name;
    }

    public async Task<IReadOnlyList<TableSnapshot>> SnapshotAsync(string database)
    {
        var tables = new List<(string, string)>();
        await using (var conn = await OpenAsync(database))
        await using (var cmd = new NpgsqlCommand("""
            SELECT table_schema, table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add((reader.GetString(0), reader.GetString(1)));

        var result = new List<TableSnapshot>();
        await using var c = await OpenAsync(database);
        foreach (var (schema, name) in tables)
        {
            var table = SqlQuote.PostgresIdentifier(schema) + "." + SqlQuote.PostgresIdentifier(name);
            await using var cmd = new NpgsqlCommand($"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t", c);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            result.Add(new TableSnapshot(schema, name, reader.GetInt64(0), reader.GetString(1)));
        }
        return result;
    }

    public async Task<bool> ExistsAsync(string database)
    {
        await using var conn = await OpenAsync(_admin.Database!);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", conn);
        cmd.Parameters.AddWithValue("n", database);
        return (long)(await cmd.ExecuteScalarAsync())! == 1;
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var conn = await OpenAsync(database);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database, Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _created)
            await ExecuteAsync(_admin.Database!, $"DROP DATABASE IF EXISTS {SqlQuote.PostgresIdentifier(name)} WITH (FORCE)");
    }
}
