using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Infrastructure.Persistence;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>On PostgreSQL, timeline and audit rows are numbered by one database sequence when they are inserted, so
/// two replicas writing in turn, and many rows written at the same instant, keep the order they were written in.</summary>
public class EventSequenceTests
{
    [Fact]
    public async Task SaveChanges_TwoReplicasWritingEventsWithTheSameTimestamp_SequenceFollowsTheOrderOfWriting()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        PostgresPortalDbContext Open() => new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database.ConnectionString).Options)
            { Scope = Portal.Application.Security.TenantScope.Everything };
        await using (var setup = Open()) await setup.Database.MigrateAsync();

        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var tenant = new Tenant("seq", "Sequence");
        var cluster = new Cluster("seq-1", "https://seq:6443", "x", ClusterAuthKind.BearerToken, "test", at);
        var request = OperationRequest.ForBackup(tenant.Id, cluster.Id, "seq-ns",
            new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.None, null), "u", "User", null, at);
        await using (var db = Open())
        {
            db.AddRange(tenant, cluster, request);
            await db.SaveChangesAsync();
        }

        var written = new List<string>();
        await using (var replicaA = Open())
        await using (var replicaB = Open())
        {
            for (var round = 0; round < 5; round++)
            {
                foreach (var (replica, name) in new[] { (replicaA, "a"), (replicaB, "b") })
                {
                    for (var i = 0; i < 6; i++)
                    {
                        var title = $"{round}-{name}-{i}";
                        replica.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Step, title, name, at));
                        replica.AuditEvents.Add(new AuditEvent(at, name, "seq.step", "request", request.Id.ToString(), title, tenant.Id));
                        written.Add(title);
                    }
                    await replica.SaveChangesAsync();
                }
            }
        }

        await using var read = Open();
        Assert.Equal(written, await read.RequestEvents.OrderBy(e => e.Sequence).Select(e => e.Title).ToListAsync());
        Assert.Equal(written, await read.AuditEvents.OrderBy(e => e.Sequence).Select(e => e.Summary).ToListAsync());
        Assert.DoesNotContain(0L, await read.RequestEvents.Select(e => e.Sequence).ToListAsync());
    }
}
