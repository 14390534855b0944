using Portal.Databases.Jobs;

namespace Portal.Databases.Tests.Cnpg;

public sealed class CnpgBackupManifestsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["kubernetes-portal.io/database-id"] = "42" };

    [Fact]
    public void ScheduledBackup_Spec_OwnsItsBackupsAndDoesNotStartAtOnce()
    {
        var sb = CnpgBackupManifests.ScheduledBackup("shop-db-nightly", "shop-payments", "shop-db", " 0 30 2 * * * ", CnpgBackupManifests.VolumeSnapshot, true, Labels);
        var spec = sb["spec"]!;

        Assert.Equal("postgresql.cnpg.io/v1", sb["apiVersion"]!.GetValue<string>());
        Assert.Equal("ScheduledBackup", sb["kind"]!.GetValue<string>());
        Assert.Equal("shop-payments", sb["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("42", sb["metadata"]!["labels"]!["kubernetes-portal.io/database-id"]!.GetValue<string>());
        Assert.Equal("shop-db", spec["cluster"]!["name"]!.GetValue<string>());
        Assert.Equal("0 30 2 * * *", spec["schedule"]!.GetValue<string>());
        Assert.Equal("volumeSnapshot", spec["method"]!.GetValue<string>());
        Assert.True(spec["suspend"]!.GetValue<bool>());
        Assert.False(spec["immediate"]!.GetValue<bool>());
        Assert.Equal("self", spec["backupOwnerReference"]!.GetValue<string>());
    }

    [Fact]
    public void Backup_Spec_NamesTheClusterAndTheMethod()
    {
        var backup = CnpgBackupManifests.Backup("shop-db-now-1", "shop-payments", "shop-db", CnpgBackupManifests.BarmanObjectStore, Labels);

        Assert.Equal("Backup", backup["kind"]!.GetValue<string>());
        Assert.Equal("shop-db-now-1", backup["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("shop-db", backup["spec"]!["cluster"]!["name"]!.GetValue<string>());
        Assert.Equal("barmanObjectStore", backup["spec"]!["method"]!.GetValue<string>());
        Assert.Equal(2, backup["spec"]!.AsObject().Count);
    }

    [Fact]
    public void ScheduledBackup_FiveFieldCron_RefusedWithTheSixFieldSpelling()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CnpgBackupManifests.ScheduledBackup("n", "ns", "c", "30 2 * * *", CnpgBackupManifests.BarmanObjectStore, false, Labels));

        Assert.Contains("6 with the seconds first: \"0 30 2 * * *\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0 0 2 * * * *")]
    [InlineData("0 0 2 * * $(reboot)")]
    public void ScheduleProblem_NotSixCronFields_SaysWhy(string cron) =>
        Assert.Contains("schedule", CnpgBackupManifests.ScheduleProblem(cron), StringComparison.Ordinal);

    [Theory]
    [InlineData("0 0 2 * * *")]
    [InlineData("*/30 0 */6 * * MON-FRI")]
    public void ScheduleProblem_SixFields_IsNull(string cron) => Assert.Null(CnpgBackupManifests.ScheduleProblem(cron));

    [Fact]
    public void Backup_PluginMethod_RefusedInWords()
    {
        var e = Assert.Throws<ArgumentException>(() => CnpgBackupManifests.Backup("n", "ns", "c", "plugin", Labels));

        Assert.Contains("backup method \"plugin\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduledBackup_BadNamesAndLabels_AllReportedAtOnce()
    {
        var labels = new Dictionary<string, string> { ["kubernetes-portal.io/x"] = "not a value" };

        var e = Assert.Throws<ArgumentException>(() =>
            CnpgBackupManifests.ScheduledBackup(new string('a', 64), "Shop", "db_1", "0 0 2 * * *", CnpgBackupManifests.BarmanObjectStore, false, labels));

        Assert.Contains("at most 63", e.Message, StringComparison.Ordinal);
        Assert.Contains("namespace \"Shop\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("cluster name \"db_1\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("label kubernetes-portal.io/x=not a value", e.Message, StringComparison.Ordinal);
    }
}
