using System.Text.Json.Nodes;
using Portal.Databases.Jobs;
using Portal.Databases.Tests.Support;

namespace Portal.Databases.Tests.Cnpg;

/// <summary>The CloudNativePG objects validate against the operator's own CRDs (shared/crds/cloudnative-pg), strictly:
/// an unknown field is an error, as the API server answers with fieldValidation=Strict.</summary>
public sealed class CnpgBackupManifestsSchemaTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["kubernetes-portal.io/database-id"] = "7f3c9a2e",
        ["kubernetes-portal.io/tenant"] = "shop",
    };

    private static void AssertValid(JsonObject obj)
    {
        var errors = RealSchemas.Catalog.Validate(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>(), obj, strict: true);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [CrdsTheory]
    [InlineData(CnpgBackupManifests.BarmanObjectStore, false)]
    [InlineData(CnpgBackupManifests.VolumeSnapshot, true)]
    public void ScheduledBackup_BothMethods_ValidatesAgainstRealCnpgCrd(string method, bool suspend) =>
        AssertValid(CnpgBackupManifests.ScheduledBackup("shop-db-nightly", "shop-payments", "shop-db", "0 30 2 * * *", method, suspend, Labels));

    [CrdsTheory]
    [InlineData(CnpgBackupManifests.BarmanObjectStore)]
    [InlineData(CnpgBackupManifests.VolumeSnapshot)]
    public void Backup_BothMethods_ValidatesAgainstRealCnpgCrd(string method) =>
        AssertValid(CnpgBackupManifests.Backup("shop-db-now-1a2b3c4d", "shop-payments", "shop-db", method, Labels));

    [CrdsFact]
    public void Backup_WithoutLabels_ValidatesAgainstRealCnpgCrd() =>
        AssertValid(CnpgBackupManifests.Backup("b", "ns", "c", CnpgBackupManifests.BarmanObjectStore, new Dictionary<string, string>()));

    [CrdsFact]
    public void Validate_ScheduledBackupWithUnknownSpecField_IsRefused()
    {
        var sb = CnpgBackupManifests.ScheduledBackup("n", "ns", "c", "0 0 * * * *", CnpgBackupManifests.BarmanObjectStore, false, Labels);
        sb["spec"]!["retention"] = "30d";

        var errors = RealSchemas.Catalog.Validate(CnpgBackupManifests.ApiVersion, "ScheduledBackup", sb, strict: true);

        Assert.Contains(errors, e => e.Contains("retention", StringComparison.Ordinal));
    }

    [CrdsFact]
    public void Validate_BackupWithMethodOutsideTheEnum_IsRefused()
    {
        var backup = CnpgBackupManifests.Backup("n", "ns", "c", CnpgBackupManifests.VolumeSnapshot, Labels);
        backup["spec"]!["method"] = "pgBackRest";

        var errors = RealSchemas.Catalog.Validate(CnpgBackupManifests.ApiVersion, "Backup", backup, strict: true);

        Assert.Contains(errors, e => e.Contains("method", StringComparison.Ordinal));
    }
}
