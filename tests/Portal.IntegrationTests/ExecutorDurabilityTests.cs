using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>The durable queue on real PostgreSQL: replicas racing for the same work, and a replica killed mid-run.</summary>
public class ExecutorDurabilityTests
{
    [Fact]
    public async Task TwoReplicas_RacingForTheSameQueue_CreateExactlyOneVeleroBackupPerRequest()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var other = await w.AddReplicaAsync("replica-b");
        w.As(w.Owner);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
            ids.Add(JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
                u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, $"race {i}")))));

        await Task.WhenAll(w.Portal.StartExecutorAsync(), other.StartExecutorAsync());
        foreach (var id in ids)
        {
            var done = await w.WaitForAsync(id);
            Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
            Assert.Equal(1, w.VeleroObjectsFor(id, "Backup"));
        }
        Assert.Equal(6, w.Cluster.Store.List("velero.io/v1", "Backup", "velero").Count(b => b["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-backup-")));
    }

    [Fact]
    public async Task Replica_KilledMidRun_AnotherFinishesTheRequestWithoutADuplicate()
    {
        await using var w = await JourneyWorld.CreateAsync(phaseStep: TimeSpan.FromMilliseconds(400));
        var first = await w.AddReplicaAsync("doomed", lease: TimeSpan.FromSeconds(3));
        w.As(w.Owner);
        var id = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, null))));

        await first.StartExecutorAsync();
        await w.WaitForAsync(id, d => d.Summary.Phase == "InProgress");
        await first.KillExecutorAsync();
        Assert.Equal(1, w.VeleroObjectsFor(id, "Backup"));

        var survivor = await w.AddReplicaAsync("survivor", lease: TimeSpan.FromSeconds(3));
        await survivor.StartExecutorAsync();
        var done = await w.WaitForAsync(id);
        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        Assert.True(done.Attempt >= 2, $"expected the request to be resumed by another executor, attempt {done.Attempt}");
        Assert.Equal(1, w.VeleroObjectsFor(id, "Backup"));
        Assert.Contains(done.Timeline, t => t.Title.StartsWith("Execution resumed"));
    }
}
