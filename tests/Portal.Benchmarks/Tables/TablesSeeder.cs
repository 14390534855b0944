using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Benchmarks.Tables;

/// <summary>
/// Years of history over 50 tenants and 5 clusters: 100,000 requests (through the model, in batches), 2,000,000 timeline rows
/// (20 a request) and 1,000,000 audit events (one in twenty estate-wide), all times spread over two years, multiplied by the scale.
/// Timeline and audit rows go in raw: COPY on PostgreSQL, batched transactions of prepared INSERTs on SQLite.
/// </summary>
internal static class TablesSeeder
{
    public const int Tenants = 50, Clusters = 5, Requests = 100_000, TimelineRows = 2_000_000, AuditEvents = 1_000_000;

    public sealed record Seeded(CurrentPrincipal PlatformEngineer, Guid SomeRequest, int Requests, int TimelineRows, int AuditEvents);

    private static readonly string[] Verbs = ["submitted", "approved", "started", "succeeded", "failed"];

    public static async Task<Seeded> SeedAsync(IPortalDbContextFactory factory, string provider, string connectionString, double scale, DateTimeOffset now)
    {
        var requestCount = (int)(Requests * scale);
        var perRequest = TimelineRows / Requests;
        var auditCount = (int)(AuditEvents * scale);
        var start = now.AddDays(-730);
        var span = TimeSpan.FromDays(729);

        var clusters = Enumerable.Range(1, Clusters).Select(i => new Cluster($"big-{i}", $"https://big-{i}:6443", "x", ClusterAuthKind.BearerToken, "bench", now)).ToList();
        var tenants = Enumerable.Range(1, Tenants).Select(i => new Tenant($"tenant-{i:00}", $"Tenant {i:00}")).ToList();
        var pe = new PortalUser("bench:pat", "Pat Platform", "pat@example.com");
        await using (var db = await factory.CreateAsync(TenantScope.Everything))
        {
            db.Clusters.AddRange(clusters);
            db.Tenants.AddRange(tenants);
            db.Users.Add(pe);
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, pe.Id.ToString(), Persona.PlatformEngineer, ScopeKind.Estate));
            await db.SaveChangesAsync();
        }

        // Requests through the model (their parameters are JSON the domain writes), 5,000 a transaction.
        var requests = new List<(Guid Id, Guid Tenant, Guid Cluster, DateTimeOffset At, string Ns)>(requestCount);
        for (var offset = 0; offset < requestCount; offset += 5_000)
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything);
            for (var i = offset; i < Math.Min(requestCount, offset + 5_000); i++)
            {
                var tenant = tenants[i % Tenants];
                var cluster = clusters[i % Clusters];
                var at = start + span * ((double)i / requestCount);
                var ns = $"app-{i % 400:000}";
                var r = OperationRequest.ForBackup(tenant.Id, cluster.Id, ns, new BackupParameters(TimeSpan.FromDays(7), VolumeBackupMode.None, null),
                    $"user-{i % 300}", $"User {i % 300}", null, at);
                db.Requests.Add(r);
                requests.Add((r.Id, tenant.Id, cluster.Id, at, ns));
            }
            await db.SaveChangesAsync();
        }

        var timeline = requests.SelectMany((r, i) => Enumerable.Range(0, perRequest).Select(k =>
            new TimelineRow(Guid.CreateVersion7(), r.Id, r.Tenant, r.Cluster, k == 0 ? "Submitted" : "Step", $"Step {k} of backup {r.Ns}",
                k == 0 ? "User" : "executor", r.At.AddSeconds(k * 30))));
        var audit = Enumerable.Range(0, auditCount).Select(i =>
        {
            var r = requests[(int)((long)i * requests.Count / auditCount)];
            var verb = Verbs[i % Verbs.Length];
            return new AuditRow(Guid.CreateVersion7(), start + span * ((double)i / auditCount), $"User {i % 300}", $"request.{verb}", "request",
                r.Id.ToString(), $"Backup of {r.Ns} {verb} (#{i})", i % 20 == 0 ? null : r.Tenant);
        });

        long sequence = 0;
        if (provider == "Postgres")
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using (var copy = await conn.BeginBinaryImportAsync(
                "COPY \"RequestEvents\" (\"Id\", \"RequestId\", \"TenantId\", \"ClusterId\", \"Kind\", \"Title\", \"Actor\", \"At\", \"Sequence\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var e in timeline)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.RequestId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.TenantId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.ClusterId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.Kind, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.Title, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.Actor, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(++sequence, NpgsqlDbType.Bigint);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await conn.BeginBinaryImportAsync(
                "COPY \"AuditEvents\" (\"Id\", \"At\", \"Actor\", \"Action\", \"TargetType\", \"TargetId\", \"Summary\", \"TenantId\", \"Sequence\", \"Outcome\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var e in audit)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(e.Actor, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.Action, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.TargetType, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.TargetId, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.Summary, NpgsqlDbType.Text);
                    if (e.TenantId is { } t) await copy.WriteAsync(t, NpgsqlDbType.Uuid); else await copy.WriteNullAsync();
                    await copy.WriteAsync(++sequence, NpgsqlDbType.Bigint);
                    await copy.WriteAsync("Succeeded", NpgsqlDbType.Varchar);
                }
                await copy.CompleteAsync();
            }
            await using var setval = new NpgsqlCommand($"SELECT setval('\"EventSequence\"', {sequence + 1}); ANALYZE;", conn);
            await setval.ExecuteNonQueryAsync();
        }
        else
        {
            // SQLite stores Guids as upper-case text and times as EF's DateTimeOffset binary (all UTC).
            var time = new DateTimeOffsetToBinaryConverter();
            await using var conn = new SqliteConnection(connectionString);
            await conn.OpenAsync();
            await InsertAsync(conn, """
                INSERT INTO "RequestEvents" ("Id", "RequestId", "TenantId", "ClusterId", "Kind", "Title", "Actor", "At", "Sequence")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """, timeline.Select(e => new object?[] { G(e.Id), G(e.RequestId), G(e.TenantId), G(e.ClusterId), e.Kind, e.Title, e.Actor, time.ConvertToProvider(e.At), ++sequence }));
            await InsertAsync(conn, """
                INSERT INTO "AuditEvents" ("Id", "At", "Actor", "Action", "TargetType", "TargetId", "Summary", "TenantId", "Sequence", "Outcome")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Succeeded')
                """, audit.Select(e => new object?[] { G(e.Id), time.ConvertToProvider(e.At), e.Actor, e.Action, e.TargetType, e.TargetId, e.Summary,
                    e.TenantId is { } t ? G(t) : null, ++sequence }));
            await using var analyze = conn.CreateCommand();
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }

        return new Seeded(new CurrentPrincipal(pe.Id.ToString(), pe.DisplayName, pe.Email, []), requests[requests.Count / 2].Id,
            requestCount, requestCount * perRequest, auditCount);

        static string G(Guid g) => g.ToString().ToUpperInvariant();
    }

    /// <summary>One prepared INSERT, 50,000 rows a transaction.</summary>
    private static async Task InsertAsync(SqliteConnection conn, string sql, IEnumerable<object?[]> rows)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        var n = 0;
        await ExecAsync("BEGIN");
        foreach (var row in rows)
        {
            if (cmd.Parameters.Count == 0)
            {
                for (var i = 0; i < row.Length; i++) cmd.Parameters.Add(new SqliteParameter($"${i + 1}", null));
                cmd.Prepare();
            }
            for (var i = 0; i < row.Length; i++) cmd.Parameters[i].Value = row[i] ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync();
            if (++n % 50_000 == 0)
            {
                await ExecAsync("COMMIT");
                await ExecAsync("BEGIN");
            }
        }
        await ExecAsync("COMMIT");

        async Task ExecAsync(string statement)
        {
            await using var c = conn.CreateCommand();
            c.CommandText = statement;
            await c.ExecuteNonQueryAsync();
        }
    }

    private sealed record TimelineRow(Guid Id, Guid RequestId, Guid TenantId, Guid ClusterId, string Kind, string Title, string Actor, DateTimeOffset At);

    private sealed record AuditRow(Guid Id, DateTimeOffset At, string Actor, string Action, string TargetType, string TargetId, string Summary, Guid? TenantId);
}
