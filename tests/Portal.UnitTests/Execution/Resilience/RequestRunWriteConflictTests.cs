using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polly.Registry;
using Portal.Application.Abstractions;
using Portal.Application.Features.Clusters;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Execution;
using Portal.Execution.Resilience;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Execution.Resilience;

/// <summary>The write-conflict pipeline where the executor writes its progress (<see cref="RequestRun.RetryOnConflictAsync"/>,
/// as <c>MigrationRun.SaveAsync</c> uses it), on the real database: a row changed meanwhile is written again on the fresh
/// row; a lease taken by another executor stops the write.</summary>
public sealed class RequestRunWriteConflictTests : IAsyncLifetime
{
    private const string Me = "executor-a";
    private PortalTestHost _host = null!;
    private RequestRun _run = null!;
    private Guid _requestId;

    public async Task InitializeAsync()
    {
        _host = await PortalTestHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var protector = _host.Services.GetRequiredService<ICredentialProtector>();
        await using (var db = await _host.OpenAllAsync())
        {
            var tenant = new Tenant("alpha", "Alpha Shop");
            var cluster = new Cluster("prod-east", "https://fake:6443", protector.Protect("apiVersion: v1\nserver: x"), ClusterAuthKind.BearerToken, "seed", now);
            var request = OperationRequest.ForBackup(tenant.Id, cluster.Id, "shop",
                new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.Snapshot, null), "alice", "Alice", null, now);
            request.Submit(false, now);
            request.Enqueue(now);
            request.Claim(Me, now.AddSeconds(30), now);
            db.Tenants.Add(tenant);
            db.Clusters.Add(cluster);
            db.Requests.Add(request);
            await db.SaveChangesAsync();
            _requestId = request.Id;
        }

        var pipelines = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddPortalRetryPipelines().BuildServiceProvider();
        _run = new RequestRun(_host.Services.GetRequiredService<IPortalDbContextFactory>(), _host.Services.GetRequiredService<IRequestStatusNotifier>(),
            TimeProvider.System, _host.Services.GetRequiredService<ClusterConnections>(), Me, TimeSpan.FromSeconds(30),
            pipelines.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(RetryPipelines.WriteConflict));
        await _run.LoadAsync(_requestId, default);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ARowChangedMeanwhile_IsWrittenAgainOnTheFreshRow_Once()
    {
        var tries = 0;
        await _run.RetryOnConflictAsync(async token =>
        {
            tries++;
            await _run.UpdateAsync((r, now) => r.RecordObject("Backup", "portal-backup-x", now), RequestEventKind.Step, "Step done", null, token,
                _ => { if (tries == 1) ChangeElsewhere(r => r.RenewLease(Me, r.LeaseExpiresAt!.Value, DateTimeOffset.UtcNow)); });
        }, default);

        Assert.Equal(2, tries);
        await using var db = await _host.OpenAllAsync();
        Assert.Equal("portal-backup-x", (await db.Requests.SingleAsync(r => r.Id == _requestId)).ObjectName);
        Assert.Equal(1, await db.RequestEvents.CountAsync(e => e.RequestId == _requestId && e.Title == "Step done"));
    }

    [Fact]
    public async Task ARowThatKeepsChanging_GivesUpAfterThreeTries_WithTheConflict()
    {
        var tries = 0;
        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => _run.RetryOnConflictAsync(async token =>
        {
            tries++;
            await _run.UpdateAsync(null, RequestEventKind.Step, "Step done", null, token,
                _ => ChangeElsewhere(r => r.RenewLease(Me, r.LeaseExpiresAt!.Value, DateTimeOffset.UtcNow)));
        }, default));

        Assert.Equal(3, tries);
        Assert.IsType<DbUpdateConcurrencyException>(lost.InnerException);
    }

    [Fact]
    public async Task ALeaseTakenByAnotherExecutorMeanwhile_StopsTheWrite_NothingWritten()
    {
        var tries = 0;
        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => _run.RetryOnConflictAsync(async token =>
        {
            tries++;
            await _run.UpdateAsync(null, RequestEventKind.Step, "Step done", null, token, _ =>
            {
                var later = DateTimeOffset.UtcNow.AddMinutes(5);
                ChangeElsewhere(r => r.Claim("executor-b", later.AddSeconds(30), later));
            });
        }, default));

        Assert.Null(lost.InnerException); // the second try found the lease gone: not a conflict, not tried again
        Assert.Equal(2, tries);
        await using var db = await _host.OpenAllAsync();
        Assert.Equal("executor-b", (await db.Requests.SingleAsync(r => r.Id == _requestId)).LeaseOwner);
        Assert.Equal(0, await db.RequestEvents.CountAsync(e => e.RequestId == _requestId && e.Title == "Step done"));
    }

    /// <summary>Another writer changes the request between the executor's read and its save.</summary>
    private void ChangeElsewhere(Action<OperationRequest> change)
    {
        var db = _host.OpenAllAsync().GetAwaiter().GetResult();
        try
        {
            change(db.Requests.Single(r => r.Id == _requestId));
            db.SaveChangesAsync().GetAwaiter().GetResult();
        }
        finally
        {
            db.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
