using MySqlConnector;

namespace Portal.Databases.Tests.Support;

/// <summary>Databases on the throwaway MariaDB: created per test, dropped afterwards.</summary>
public sealed class MyServer : IAsyncDisposable
{
    private readonly List<string> _created = [];
    private readonly MySqlConnectionStringBuilder _admin = new(TestServers.MariaDb);

    /// <summary>What the Job would get from the Service and the Secret.</summary>
    public Dictionary<string, string> JobEnvironment(string? password = null) => new()
    {
        ["MYSQL_HOST"] = _admin.Server,
        ["MYSQL_TCP_PORT"] = _admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MYSQL_USER"] = _admin.UserID,
        ["MYSQL_PWD"] = password ?? _admin.Password,
    };

    public string NewName(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        _created.Add(name);
        return name;
    }

    public async Task<string> CreateSeededAsync(string prefix = "src_")
    {
        var name = NewName(prefix);
        await ExecuteAsync($$"""
            CREATE DATABASE {{SqlQuote.MySqlIdentifier(name)}} CHARACTER SET utf8mb4;
            USE {{SqlQuote.MySqlIdentifier(name)}};
            CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, note TEXT NULL);
            INSERT INTO customers VALUES (1, 'Zoë Ångström', NULL), (2, 'O''Brien', 'tab\there'),
              (3, '日本語 🐬', 'line\nbreak'), (4, 'back\\slash', '');
            CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NULL, amount DECIMAL(10,2) NULL,
              placed DATETIME NULL, payload BLOB NULL, FOREIGN KEY (customer_id) REFERENCES customers (id));
            INSERT INTO orders (customer_id, amount, placed, payload)
              WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 500)
              SELECT 1 + i % 4, i * 1.5, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL i HOUR, UNHEX('00FF0A27') FROM s;
            INSERT INTO orders (customer_id, amount, placed, payload) VALUES (NULL, NULL, NULL, NULL);
            CREATE TABLE `it's` (k VARCHAR(20), v JSON);
            INSERT INTO `it's` VALUES ('a"b', '{"x": [1, null]}'), (NULL, NULL);
            CREATE TABLE empty_t (x INT);
            CREATE PROCEDURE order_count() SELECT COUNT(*) FROM orders;
            CREATE TRIGGER orders_amount BEFORE INSERT ON orders FOR EACH ROW SET NEW.amount = COALESCE(NEW.amount, 0);
            """);
        return name;
    }

    public async Task<IReadOnlyList<TableSnapshot>> SnapshotAsync(string database)
    {
        await using var conn = await OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new MySqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @db AND table_type = 'BASE TABLE' ORDER BY table_name", conn))
        {
            cmd.Parameters.AddWithValue("@db", database);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        var result = new List<TableSnapshot>();
        foreach (var table in tables)
        {
            var qualified = SqlQuote.MySqlIdentifier(database) + "." + SqlQuote.MySqlIdentifier(table);
            await using var count = new MySqlCommand($"SELECT COUNT(*) FROM {qualified}", conn);
            var rows = Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            await using var checksum = new MySqlCommand($"CHECKSUM TABLE {qualified} EXTENDED", conn);
            await using var reader = await checksum.ExecuteReaderAsync();
            await reader.ReadAsync();
            result.Add(new TableSnapshot(database == "" ? "" : "db", table, rows, reader.GetValue(1).ToString()!));
        }
        return result;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = await OpenAsync();
        await using var cmd = new MySqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var conn = await OpenAsync();
        await using var cmd = new MySqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<MySqlConnection> OpenAsync()
    {
        var conn = new MySqlConnection(new MySqlConnectionStringBuilder(_admin.ConnectionString) { Pooling = false, AllowUserVariables = true }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _created)
            await ExecuteAsync($"DROP DATABASE IF EXISTS {SqlQuote.MySqlIdentifier(name)}");
    }
}
