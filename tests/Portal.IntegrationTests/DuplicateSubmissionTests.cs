using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>The same ask submitted many times at once (quick clicks in two tabs, two replicas behind the load
/// balancer) becomes one request on real PostgreSQL; every other submission is told it was already asked.</summary>
public class DuplicateSubmissionTests
{
    [Fact]
    public async Task SameBackup_SubmittedInParallelOnTwoReplicas_CreatesExactlyOneRequestAndTheOthersAreAlreadyAsked()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var other = await w.AddReplicaAsync("replica-b");
        w.As(w.Owner);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, "before the upgrade");

        // Ten submissions, five per replica, each in its own scope and DbContext, released at the same moment.
        var submissions = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await (i % 2 == 0 ? w.Portal : other).RunAsync<SubmitBackupRequest, Result<Guid>>(u => u.HandleAsync(command));
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(submissions);

        var created = Assert.Single(results, r => r.IsSuccess).Value;
        await using var db = await w.Portal.OpenAllAsync();
        var request = Assert.Single(await db.Requests.AsNoTracking().Where(r => r.Kind == RequestKind.NamespaceBackup).ToListAsync());
        Assert.Equal(created, request.Id);
        Assert.All(results.Where(r => !r.IsSuccess), r =>
        {
            Assert.Equal(ErrorKind.Conflict, r.Error!.Kind);
            Assert.StartsWith($"Already asked: see request {OperationRequest.ReferenceOf(created)}.", r.Error.Message);
            Assert.Equal($"/requests/{created}", r.Error.Href);
        });
        Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.Action == "request.submitted").ToListAsync());
    }

    [Fact]
    public async Task SameBackup_AskedAgainIsRefusedButOtherParametersAreANewRequest()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Owner);
        var first = await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, "nightly")));
        var again = await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, "nightly")));
        var otherTtl = await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 48, VolumeBackupMode.Snapshot, null, "nightly")));

        Assert.True(first.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, again.Error!.Kind);
        Assert.True(otherTtl.IsSuccess, otherTtl.Error?.Message);
    }
}
