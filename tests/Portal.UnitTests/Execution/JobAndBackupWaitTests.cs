using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions.Clusters;
using Portal.Databases.Messages;
using Portal.Execution;
using Portal.Execution.Databases;

namespace Portal.UnitTests.Execution;

/// <summary>The waits on the gateway's watches, on a fake clock: a Job (<see cref="JobWaiter"/>) and a CloudNativePG
/// Backup (<see cref="OperatorBackupFollower"/>). The watch is scripted: each test writes the states the cluster would
/// send, waits until the waiter has seen them, and only then moves the clock.</summary>
public class JobAndBackupWaitTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly ClusterConnection Cluster = new(Guid.NewGuid(), "prod-east", "kubeconfig");

    private static JobRunStatus Job(DateTimeOffset? started = null, bool succeeded = false, bool failed = false, string? message = null) =>
        new("portal-rsync-send-1", null, new Dictionary<string, string>(), started, null, succeeded, failed, failed ? "BackoffLimitExceeded" : null, message);

    [Fact]
    public async Task UntilFinished_JobStillRunningAtTheLimit_FailsNamingTheJobAndThatItRuns()
    {
        var clock = new FakeTimeProvider(Start);
        var gateway = new ScriptedWatches();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new JobWaiter(gateway, clock).UntilFinishedAsync(Cluster, "shop", "portal-rsync-send-1", TimeSpan.FromHours(2),
            _ => { seen.TrySetResult(); return Task.CompletedTask; }, CancellationToken.None);

        gateway.Jobs.Writer.TryWrite(Job(started: Start.AddMinutes(1)));
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted, "the limit has not passed yet");
        clock.Advance(TimeSpan.FromSeconds(2));

        var e = await Assert.ThrowsAsync<ClusterWaitTimeoutException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("Job shop/portal-rsync-send-1 on prod-east did not finish within 2 hours: it is still running (started 2026-03-02 01:01 UTC).", e.Message);
    }

    [Fact]
    public async Task UntilFinished_NoPodEverStarted_SaysItIsPending()
    {
        var clock = new FakeTimeProvider(Start);
        var gateway = new ScriptedWatches();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new JobWaiter(gateway, clock).UntilFinishedAsync(Cluster, "shop", "portal-rsync-send-1", TimeSpan.FromMinutes(10),
            _ => { seen.TrySetResult(); return Task.CompletedTask; }, CancellationToken.None);

        gateway.Jobs.Writer.TryWrite(Job());
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromMinutes(11));

        var e = await Assert.ThrowsAsync<ClusterWaitTimeoutException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("within 10 minutes: it is still pending (no pod of it has started)", e.Message);
    }

    [Fact]
    public async Task UntilFinished_JobSucceeds_ReturnsItsTerminationMessage_AndTheLimitNoLongerMatters()
    {
        var clock = new FakeTimeProvider(Start);
        var gateway = new ScriptedWatches();
        var changes = 0;
        var waiting = new JobWaiter(gateway, clock).UntilFinishedAsync(Cluster, "shop", "portal-rsync-send-1", TimeSpan.FromMinutes(10),
            _ => { changes++; return Task.CompletedTask; }, CancellationToken.None);

        gateway.Jobs.Writer.TryWrite(Job(started: Start));
        gateway.Jobs.Writer.TryWrite(Job(started: Start, succeeded: true, message: "{\"status\":\"Succeeded\"}"));
        var done = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromHours(1));

        Assert.True(done.Succeeded);
        Assert.Equal("{\"status\":\"Succeeded\"}", done.TerminationMessage);
        Assert.Equal(1, changes);
    }

    [Fact]
    public async Task UntilFinished_JobDeleted_IsNotFoundFromTheWatch()
    {
        var gateway = new ScriptedWatches();
        gateway.Jobs.Writer.TryComplete(new ClusterAccessException(ClusterFault.NotFound, "The Job portal-rsync-send-1 was deleted."));

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => new JobWaiter(gateway, new FakeTimeProvider(Start))
            .UntilFinishedAsync(Cluster, "shop", "portal-rsync-send-1", TimeSpan.FromMinutes(10), null, CancellationToken.None));
        Assert.Equal(ClusterFault.NotFound, e.Fault);
    }

    private static CnpgBackupStatus Backup(string phase, string? error = null) => CnpgBackupStatus.Parse(new JsonObject
    {
        ["status"] = error is null ? new JsonObject { ["phase"] = phase } : new JsonObject { ["phase"] = phase, ["error"] = error },
    });

    private static OperatorBackupFollower Follower(ScriptedWatches gateway, TimeProvider clock) =>
        new(gateway, Options.Create(new DatabaseDumpOptions { OperatorBackupDeadline = TimeSpan.FromHours(12) }), clock);

    [Fact]
    public async Task OperatorBackup_StuckPastTheDeadlineCountedFromItsCreation_FailsSayingWhereItIsStuck()
    {
        var clock = new FakeTimeProvider(Start);
        var gateway = new ScriptedWatches();
        var phases = Channel.CreateUnbounded<string?>();
        var following = Follower(gateway, clock).FollowAsync(Cluster, "shop-payments", "nightly-now-1",
            s => phases.Writer.WriteAsync(s.RawPhase).AsTask(), CancellationToken.None);

        gateway.Backups.Writer.TryWrite(new CnpgBackupObservation(Backup("walArchivingFailing", "archive command failed"), Start.AddHours(-2)));
        Assert.Equal("walArchivingFailing", await phases.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromHours(10) - TimeSpan.FromSeconds(1));
        Assert.False(following.IsCompleted, "12 hours have not passed since the Backup was made");
        clock.Advance(TimeSpan.FromSeconds(2));

        var status = await following.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(status.Failed);
        Assert.Equal("CloudNativePG has not finished Backup nightly-now-1 12 h after it was made (it is walArchivingFailing: archive command failed); "
            + "check the Cluster's backup configuration and WAL archiving.", status.Error);
    }

    [Fact]
    public async Task OperatorBackup_Completes_ReturnsEachPhaseAndTheFinalStatus()
    {
        var gateway = new ScriptedWatches();
        var phases = new List<string?>();
        gateway.Backups.Writer.TryWrite(new CnpgBackupObservation(Backup("running"), Start));
        gateway.Backups.Writer.TryWrite(new CnpgBackupObservation(Backup("completed"), Start));

        var status = await Follower(gateway, new FakeTimeProvider(Start)).FollowAsync(Cluster, "shop-payments", "nightly-now-1",
            s => { phases.Add(s.RawPhase); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(status.Succeeded);
        Assert.Equal(["running", "completed"], phases);
    }

    [Fact]
    public async Task OperatorBackup_DeletedWhileFollowed_IsNotFoundSayingSo()
    {
        var gateway = new ScriptedWatches();
        gateway.Backups.Writer.TryComplete(new ClusterAccessException(ClusterFault.NotFound, "gone"));

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follower(gateway, new FakeTimeProvider(Start))
            .FollowAsync(Cluster, "shop-payments", "nightly-now-1", _ => Task.CompletedTask, CancellationToken.None));
        Assert.Equal("The CloudNativePG Backup nightly-now-1 was deleted from shop-payments on prod-east while the portal was waiting for it.", e.Message);
    }

    /// <summary>The two watches, fed by the test through channels; a completed channel with an error is a watch that throws it.</summary>
    private sealed class ScriptedWatches : IDatabaseWorkloadGateway
    {
        public Channel<JobRunStatus> Jobs { get; } = Channel.CreateUnbounded<JobRunStatus>();
        public Channel<CnpgBackupObservation> Backups { get; } = Channel.CreateUnbounded<CnpgBackupObservation>();

        public async IAsyncEnumerable<JobRunStatus> WatchJobAsync(ClusterConnection cluster, string @namespace, string name,
            [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var s in Jobs.Reader.ReadAllAsync(ct)) yield return s;
        }

        public async IAsyncEnumerable<CnpgBackupObservation> WatchCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name,
            [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var s in Backups.Reader.ReadAllAsync(ct)) yield return s;
        }

        private static NotSupportedException Never() => new("Only the watches are scripted.");
        public Task<IReadOnlyList<DatabaseCandidate>> DiscoverDatabasesAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) => throw Never();
        public Task<SecretKeys?> GetSecretKeysAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) => throw Never();
        public Task<VolumeClaimInfo?> GetVolumeClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) => throw Never();
        public Task<JsonObject> ApplyAsync(ClusterConnection cluster, JsonObject manifest, string ownerLabel, CancellationToken ct) => throw Never();
        public Task DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string @namespace, string name, CancellationToken ct) => throw Never();
        public Task<IReadOnlyList<JobRunStatus>> ListJobRunsAsync(ClusterConnection cluster, string @namespace, string labelSelector, CancellationToken ct) => throw Never();
        public Task<JsonObject?> GetCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) => throw Never();
        public Task<IReadOnlyList<JsonObject>> ListCnpgBackupsAsync(ClusterConnection cluster, string @namespace, string labelSelector, CancellationToken ct) => throw Never();
    }
}
