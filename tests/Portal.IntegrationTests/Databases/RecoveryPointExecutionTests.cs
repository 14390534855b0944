using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Databases;

/// <summary>A consistent recovery point: the dump first, then the namespace's Velero backup, both in the result;
/// no backup when the dump fails.</summary>
public class RecoveryPointExecutionTests
{
    [Fact]
    public async Task RecoveryPoint_DumpsThenBacksUpTheNamespace_BothInTheResult()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);

        var id = await w.Act<CreateRecoveryPoint, Guid>(u => u.HandleAsync(new CreateRecoveryPointCommand(created.ScheduleId, BackupTtlHours: 48)));
        var done = await w.CompleteAsync(id);

        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        var artifact = Assert.Single(await w.ArtifactsAsync(created.ScheduleId));
        Assert.Equal((DumpTrigger.RecoveryPoint, DumpArtifactStatus.Succeeded), (artifact.Trigger, artifact.Status));
        var result = DatabaseRunResults.Read<RecoveryPointResult>(await w.ResultJsonAsync(id))!;
        Assert.Equal((artifact.Id, artifact.Location, artifact.SizeBytes), (result.Dump.ArtifactId, result.Dump.Location, result.Dump.SizeBytes));
        Assert.Equal(($"portal-rp-{id:N}", "Completed"), (result.Backup!.Name, result.Backup.Phase));
        Assert.Equal(1, w.World.VeleroObjectsFor(id, "Backup"));
        var backup = w.World.Cluster.Store.Get("velero.io/v1", "Backup", "velero", $"portal-rp-{id:N}")!;
        Assert.Equal("shop-frontend", backup["spec"]!["includedNamespaces"]![0]!.GetValue<string>());
        var order = done.Timeline.Select(t => t.Title).ToList();
        Assert.True(order.FindIndex(t => t.StartsWith("Dump of orders-db written", StringComparison.Ordinal))
            < order.FindIndex(t => t.StartsWith("Creating Velero Backup", StringComparison.Ordinal)), string.Join(" | ", order));
    }

    [Fact]
    public async Task RecoveryPoint_DumpFails_TakesNoBackupAndSaysSo()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);
        w.World.Cluster.Faults.FailNextJob(message: """{"status":"Failed","exitCode":1,"error":"pg_dump: error: query failed: ERROR:  permission denied for table payments"}""");

        var id = await w.Act<CreateRecoveryPoint, Guid>(u => u.HandleAsync(new CreateRecoveryPointCommand(created.ScheduleId)));
        var done = await w.CompleteAsync(id);

        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("the Velero backup of shop-frontend was not taken", done.Summary.FailureReason);
        Assert.Contains("permission denied for table payments", done.Summary.FailureReason);
        Assert.Equal(0, w.World.VeleroObjectsFor(id, "Backup"));
        var result = DatabaseRunResults.Read<RecoveryPointResult>(await w.ResultJsonAsync(id))!;
        Assert.Equal("Failed", result.Dump.Status);
        Assert.Null(result.Backup);
    }
}
