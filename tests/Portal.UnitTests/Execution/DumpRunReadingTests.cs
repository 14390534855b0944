using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Databases;
using Portal.Execution.Databases;
using Portal.Databases.Messages;
using static Portal.UnitTests.Execution.DatabaseFixtures;

namespace Portal.UnitTests.Execution;

/// <summary>How a finished run reads into its artifact: the dump script's termination message, or the operator's status.</summary>
public class DumpRunReadingTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static DumpArtifact Running() => new(Nightly(Postgres()), "portal-dump-x-now-1234abcd", DumpTrigger.Manual, T0);

    private static JobRunStatus Finished(bool succeeded, string? message, string? reason = null) =>
        new("portal-dump-x-now-1234abcd", null, new Dictionary<string, string>(), T0, T0.AddMinutes(2), succeeded, !succeeded, reason, message);

    [Fact]
    public void Apply_SucceededMessage_RecordsSizeChecksumLocationAndTool()
    {
        var artifact = Running();

        DumpRunReading.Apply(artifact, Finished(true,
            $$"""{"status":"Succeeded","artifact":"orders-db/nightly-1-20261124T100000Z.dump","sizeBytes":1048576,"sha256":"{{Sha}}","startedAt":"2026-11-24T10:00:00Z","completedAt":"2026-11-24T10:01:00Z","durationSeconds":60,"tool":"pg_dump 16.4"}"""), T0);

        Assert.Equal((DumpArtifactStatus.Succeeded, 1048576L, Sha), (artifact.Status, artifact.SizeBytes, artifact.Sha256));
        Assert.Equal(("orders-db/nightly-1-20261124T100000Z.dump", "pg_dump 16.4"), (artifact.Location, artifact.ToolVersion));
        Assert.Equal(TimeSpan.FromMinutes(1), artifact.Duration);
    }

    [Fact]
    public void Apply_FailedMessage_KeepsTheToolsOwnWords()
    {
        var artifact = Running();

        DumpRunReading.Apply(artifact, Finished(false, """{"status":"Failed","exitCode":1,"error":"pg_dump: error: FATAL:  database \"orders\" does not exist"}""",
            "BackoffLimitExceeded: Job has reached the specified backoff limit"), T0);

        Assert.Equal(DumpArtifactStatus.Failed, artifact.Status);
        Assert.Equal("pg_dump: error: FATAL:  database \"orders\" does not exist", artifact.Error);
    }

    [Fact]
    public void Apply_FailedJobWithoutMessage_SaysWhyTheJobFailed()
    {
        var artifact = Running();

        DumpRunReading.Apply(artifact, Finished(false, null, "DeadlineExceeded: Job was active longer than specified deadline"), T0);

        Assert.Contains("DeadlineExceeded", artifact.Error);
    }

    [Fact]
    public void Apply_SucceededJobWithUnreadableMessage_IsNotTrustedAsAGoodDump()
    {
        var artifact = Running();

        DumpRunReading.Apply(artifact, Finished(true, "done"), T0);

        Assert.Equal(DumpArtifactStatus.Failed, artifact.Status);
        Assert.Contains("no usable result", artifact.Error);
    }

    [Fact]
    public void Apply_RunningJob_ChangesNothing()
    {
        var artifact = Running();

        DumpRunReading.Apply(artifact, Finished(true, null) with { Succeeded = false, Failed = false, CompletedAt = null }, T0);

        Assert.Equal(DumpArtifactStatus.Running, artifact.Status);
    }

    [Fact]
    public void Apply_SecondTimeForAFinishedRun_ChangesNothing()
    {
        var artifact = Running();
        DumpRunReading.Apply(artifact, Finished(false, """{"status":"Failed","exitCode":2,"error":"first"}"""), T0);

        DumpRunReading.Apply(artifact, Finished(false, """{"status":"Failed","exitCode":2,"error":"second"}"""), T0);

        Assert.Equal("first", artifact.Error);
    }

    [Fact]
    public void Apply_CompletedOperatorBackup_RecordsWhereTheOperatorPutIt()
    {
        var artifact = Running();
        var status = CnpgBackupStatus.Parse(JsonNode.Parse("""
            {"status":{"phase":"completed","startedAt":"2026-11-24T10:00:00Z","stoppedAt":"2026-11-24T10:04:00Z","backupId":"20261124T100000","destinationPath":"s3://backups/shop-db/"}}
            """)!.AsObject());

        DumpRunReading.Apply(artifact, status, "b1", T0);

        Assert.Equal((DumpArtifactStatus.Succeeded, "s3://backups/shop-db/20261124T100000"), (artifact.Status, artifact.Location));
        Assert.Equal(TimeSpan.FromMinutes(4), artifact.Duration);
    }

    [Fact]
    public void Apply_FailedOperatorBackup_KeepsTheOperatorsError()
    {
        var artifact = Running();

        DumpRunReading.Apply(artifact, CnpgBackupStatus.Parse(JsonNode.Parse("""{"status":{"phase":"failed","error":"no WAL archive"}}""")!.AsObject()), "b1", T0);

        Assert.Equal((DumpArtifactStatus.Failed, "no WAL archive"), (artifact.Status, artifact.Error));
    }

    [Fact]
    public void CnpgBackupStatus_OddStatus_ReadsAsNewWithoutThrowing()
    {
        var status = CnpgBackupStatus.Parse(JsonNode.Parse("""{"status":{"phase":42,"startedAt":"yesterday"}}""")!.AsObject());

        Assert.Equal((CnpgBackupPhase.New, (DateTimeOffset?)null, false), (status.Phase, status.StartedAt, status.Finished));
    }
}
