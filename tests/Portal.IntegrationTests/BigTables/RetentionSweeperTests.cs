using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Application.Features.Retention;
using Portal.Domain.Auditing;
using Portal.Domain.Requests;
using Portal.Execution.Retention;

namespace Portal.IntegrationTests.BigTables;

/// <summary>Retention on both databases: audit events and timeline rows older than the configured ages are removed in batches,
/// nothing younger, and the run is in the audit log with its counts. The database itself still refuses to remove a young audit event.</summary>
public class RetentionSweeperTests
{
    public static TheoryData<string> Providers => new() { "Postgres", "Sqlite" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Run_RemovesOnlyWhatIsOlderThanItsAge_InBatches_AndAuditsItself(string provider)
    {
        await using var w = await BigTableWorld.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Retention:AuditEventsDays"] = "400", ["Retention:TimelineDays"] = "30", ["Retention:BatchSize"] = "2",
        });
        var now = DateTimeOffset.UtcNow;
        var request = w.Backup(now.AddDays(-600));
        await using (var db = await w.OpenAllAsync())
        {
            db.Requests.Add(request);
            for (var i = 0; i < 5; i++)
            {
                db.AuditEvents.Add(new AuditEvent(now.AddDays(-500 - i), "old", "request.approved", "request", "r", $"old {i}", w.TenantId));
                db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Step, $"old step {i}", "executor", now.AddDays(-40 - i)));
            }
            db.AuditEvents.Add(new AuditEvent(now.AddDays(-390), "young", "request.approved", "request", "r", "younger than 400 days", w.TenantId));
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Step, "recent step", "executor", now.AddDays(-10)));
            await db.SaveChangesAsync();
        }

        var run = await w.Services.GetRequiredService<RetentionSweeper>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new RetentionRun(5, 5), run);
        await using (var db = await w.OpenAllAsync())
        {
            Assert.Equal(["recent step"], await db.RequestEvents.Select(e => e.Title).ToListAsync());
            Assert.True(await db.Requests.AnyAsync(r => r.Id == request.Id)); // the request itself stays
            Assert.Equal(["younger than 400 days"], await db.AuditEvents.Where(e => e.Action == "request.approved").Select(e => e.Summary).ToListAsync());
            var record = Assert.Single(await db.AuditEvents.Where(e => e.Action == "retention.removed").ToListAsync());
            Assert.Equal("Removed 5 audit events older than 400 days and 5 timeline rows older than 30 days", record.Summary);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Database_RefusesToRemoveAnAuditEventYoungerThanTheFloor_EvenPastTheApplication(string provider)
    {
        await using var w = await BigTableWorld.CreateAsync(provider);
        var now = DateTimeOffset.UtcNow;
        await using (var db = await w.OpenAllAsync())
        {
            db.AuditEvents.Add(new AuditEvent(now.AddDays(-RetentionOptions.AuditFloorDays + 5), "m", "request.approved", "request", "r", "recent enough to keep", w.TenantId));
            db.AuditEvents.Add(new AuditEvent(now.AddDays(-RetentionOptions.AuditFloorDays - 5), "m", "request.approved", "request", "r", "old enough to go", w.TenantId));
            await db.SaveChangesAsync();
        }

        await using (var db = await w.OpenAllAsync())
        {
            await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEvents.Where(e => e.Summary == "recent enough to keep").ExecuteDeleteAsync());
            Assert.Equal(1, await db.AuditEvents.Where(e => e.Summary == "old enough to go").ExecuteDeleteAsync());
        }
        await using (var db = await w.OpenAllAsync())
            Assert.Equal(["recent enough to keep"], await db.AuditEvents.Select(e => e.Summary).ToListAsync());
    }

    [Fact]
    public async Task Run_BothAgesZero_KeepsEverythingForever_AndRecordsNothing()
    {
        await using var w = await BigTableWorld.CreateAsync("Sqlite", new Dictionary<string, string?>
        {
            ["Retention:AuditEventsDays"] = "0", ["Retention:TimelineDays"] = "0",
        });
        await using (var db = await w.OpenAllAsync())
        {
            db.AuditEvents.Add(new AuditEvent(DateTimeOffset.UtcNow.AddDays(-3000), "old", "request.approved", "request", "r", "ancient", w.TenantId));
            await db.SaveChangesAsync();
        }

        Assert.Equal(new RetentionRun(0, 0), await w.Services.GetRequiredService<RetentionSweeper>().RunOnceAsync(CancellationToken.None));
        await using (var db = await w.OpenAllAsync())
            Assert.Equal(["ancient"], await db.AuditEvents.Select(e => e.Summary).ToListAsync());
    }

    [Theory]
    [InlineData("30", null, "AuditEventsDays must be 0 (keep forever) or at least 365")]
    [InlineData("-1", null, "AuditEventsDays must be 0")]
    [InlineData(null, "-5", "TimelineDays must be 0")]
    [InlineData("abc", null, "AuditEventsDays")]
    public async Task Options_OutOfBounds_AreRefusedAtStart_NotCoerced(string? auditDays, string? timelineDays, string says)
    {
        await using var w = await BigTableWorld.CreateAsync("Sqlite", new Dictionary<string, string?>
        {
            ["Retention:AuditEventsDays"] = auditDays, ["Retention:TimelineDays"] = timelineDays,
        });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => Task.FromResult(w.Services.GetRequiredService<IOptions<RetentionOptions>>().Value));
        Assert.Contains(says, ex.Message);
    }

    [Fact]
    public async Task Options_Defaults_Are400Days_AndValid()
    {
        await using var w = await BigTableWorld.CreateAsync("Sqlite");

        var o = w.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        Assert.Equal(400, o.AuditEventsDays);
        Assert.Equal(400, o.TimelineDays);
    }
}
