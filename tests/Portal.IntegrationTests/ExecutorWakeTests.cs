using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>A submission on one replica wakes the executors of the others (LISTEN/NOTIFY through the change relay), so a
/// busy deployment does not wait for a poll.</summary>
public class ExecutorWakeTests
{
    [Fact]
    public async Task RequestSubmittedOnReplicaA_IsClaimedByReplicaB_LongBeforeBsPoll()
    {
        await using var w = await JourneyWorld.CreateAsync();
        // B polls once a minute: only the wake from A can explain a claim within seconds. A runs no executor.
        var b = await w.AddReplicaAsync("replica-b", settings: new Dictionary<string, string?> { ["Execution:PollInterval"] = "00:01:00" });
        await Task.WhenAll(w.Portal.StartRelayAsync(), b.StartRelayAsync());
        await b.StartExecutorAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // B has looked at the (empty) queue and sleeps until its next poll

        w.As(w.Owner);
        var id = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, "woken"))));

        await w.WaitForAsync(id, d => d.Summary.Status != RequestStatus.Queued, timeout: TimeSpan.FromSeconds(20));
        var done = await w.WaitForAsync(id);
        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        Assert.Equal(1, w.VeleroObjectsFor(id, "Backup"));
    }
}
