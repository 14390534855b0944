using System.Text.Json.Nodes;
using Portal.Databases.Messages;

namespace Portal.Databases.Tests.Cnpg;

public sealed class CnpgBackupStatusTests
{
    private static JsonObject Backup(string status) => JsonNode.Parse($$"""
        {"apiVersion":"postgresql.cnpg.io/v1","kind":"Backup","metadata":{"name":"shop-db-20250101023000","namespace":"shop-payments"},
         "spec":{"cluster":{"name":"shop-db"},"method":"barmanObjectStore"},"status":{{status}}}
        """)!.AsObject();

    [Fact]
    public void Parse_CompletedBarmanBackup_AllFields()
    {
        var status = CnpgBackupStatus.Parse(Backup("""
            {"phase":"completed","method":"barmanObjectStore","backupId":"20250101T023000","backupName":"backup-20250101023000",
             "destinationPath":"s3://cnpg-backups/shop-payments/shop-db/","serverName":"shop-db","startedAt":"2025-01-01T02:30:01Z",
             "stoppedAt":"2025-01-01T02:31:45Z","beginWal":"000000010000000000000004","endWal":"000000010000000000000005",
             "beginLSN":"0/4000028","endLSN":"0/5000100","instanceID":{"podName":"shop-db-1"},"online":true,"majorVersion":16}
            """));

        Assert.Equal(new CnpgBackupStatus(CnpgBackupPhase.Completed, "completed", new DateTimeOffset(2025, 1, 1, 2, 30, 1, TimeSpan.Zero),
            new DateTimeOffset(2025, 1, 1, 2, 31, 45, TimeSpan.Zero), "20250101T023000", "s3://cnpg-backups/shop-payments/shop-db/", null), status);
        Assert.True(status.Succeeded);
        Assert.True(status.Finished);
        Assert.False(status.Failed);
    }

    [Fact]
    public void Parse_FailedBackup_CarriesTheOperatorsError()
    {
        var status = CnpgBackupStatus.Parse(Backup("""
            {"phase":"failed","error":"can't execute backup: exit status 4","startedAt":"2025-01-01T02:30:01Z","stoppedAt":"2025-01-01T02:30:09Z"}
            """));

        Assert.Equal(CnpgBackupPhase.Failed, status.Phase);
        Assert.Equal("can't execute backup: exit status 4", status.Error);
        Assert.True(status.Failed);
        Assert.True(status.Finished);
    }

    [Theory]
    [InlineData("pending", CnpgBackupPhase.Pending, false)]
    [InlineData("started", CnpgBackupPhase.Started, false)]
    [InlineData("running", CnpgBackupPhase.Running, false)]
    [InlineData("finalizing", CnpgBackupPhase.Finalizing, false)]
    [InlineData("completed", CnpgBackupPhase.Completed, true)]
    [InlineData("failed", CnpgBackupPhase.Failed, true)]
    [InlineData("walArchivingFailing", CnpgBackupPhase.WalArchivingFailing, false)]
    [InlineData("invalid backup definition", CnpgBackupPhase.InvalidDefinition, true)]
    [InlineData("uploading", CnpgBackupPhase.Unknown, false)]
    public void Parse_EveryPhase_MapsAndSaysWhetherItIsFinished(string phase, CnpgBackupPhase expected, bool finished)
    {
        var status = CnpgBackupStatus.Parse(Backup($$"""{"phase":"{{phase}}"}"""));

        Assert.Equal(expected, status.Phase);
        Assert.Equal(phase, status.RawPhase);
        Assert.Equal(finished, status.Finished);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("\"completed\"")]
    [InlineData("[1,2]")]
    public void Parse_NoStatusYet_IsNew(string status)
    {
        var parsed = CnpgBackupStatus.Parse(Backup(status));

        Assert.Equal(CnpgBackupPhase.New, parsed.Phase);
        Assert.False(parsed.Finished);
        Assert.Null(parsed.StartedAt);
    }

    [Fact]
    public void Parse_WrongTypesAndBadTimes_ReadAsAbsentWithoutThrowing()
    {
        var status = CnpgBackupStatus.Parse(Backup("""
            {"phase":7,"startedAt":"yesterday","stoppedAt":12,"backupId":{"id":1},"destinationPath":["s3://x"],"error":null}
            """));

        Assert.Equal(new CnpgBackupStatus(CnpgBackupPhase.New, null, null, null, null, null, null), status);
    }

    [Fact]
    public void Parse_NullObject_IsNew() => Assert.Equal(CnpgBackupPhase.New, CnpgBackupStatus.Parse(null).Phase);
}
