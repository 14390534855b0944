using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Tests.Support;
using Portal.ClusterSimulator.Validation;

namespace Portal.ClusterSimulator.Tests;

/// <summary>The validator against the real CRDs in shared/crds: what the portal's own tests will rely on.</summary>
public sealed class CrdCatalogTests
{
    private static readonly Lazy<CrdCatalog> Real = new(() => CrdCatalog.LoadFromDirectory(SharedCrds.Directory!));

    private static JsonObject ValidBackup() => (JsonObject)JsonNode.Parse("""
        {"apiVersion":"velero.io/v1","kind":"Backup",
         "metadata":{"name":"portal-b1","namespace":"velero","labels":{"portal/requested-by":"alice"}},
         "spec":{"includedNamespaces":["shop-frontend"],"storageLocation":"default","ttl":"720h0m0s",
                 "snapshotVolumes":true,"labelSelector":{"matchLabels":{"app":"web"}},
                 "hooks":{"resources":[{"name":"freeze","pre":[{"exec":{"command":["/bin/sync"],"onError":"Fail"}}]}]}}}
        """)!;

    [CrdsFact]
    public void LoadFromDirectory_RealCrds_LoadsServedVersionsAndSkipsOthers()
    {
        var catalog = Real.Value;

        Assert.NotNull(catalog.Find("velero.io/v1", "Backup"));
        Assert.NotNull(catalog.Find("velero.io/v2alpha1", "DataUpload"));
        Assert.NotNull(catalog.Find("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass"));
        Assert.False(catalog.Find("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass")!.Namespaced);
        Assert.Null(catalog.Find("snapshot.storage.k8s.io/v1beta1", "VolumeSnapshot")); // not served
        Assert.Null(catalog.Find("migration.openshift.io/v1alpha1", "MigPlan"));       // v1beta1 CRD: skipped
        Assert.Null(catalog.Find("argoproj.io/v1alpha1", "ApplicationSet"));            // > 1 MB: skipped
        Assert.True(catalog.Find("snapshot.storage.k8s.io/v1", "VolumeSnapshot")!.HasStatusSubresource);
    }

    [CrdsFact]
    public void Validate_ValidBackupAgainstRealCrd_ReturnsNoErrors()
    {
        var errors = Real.Value.Validate("velero.io/v1", "Backup", ValidBackup(), strict: true);

        Assert.Empty(errors);
    }

    [CrdsFact]
    public void Validate_UnknownFieldStrict_ReportsFieldNotDeclared()
    {
        var backup = ValidBackup();
        backup["spec"]!["includeNamespaces"] = new JsonArray("typo");

        var errors = Real.Value.Validate("velero.io/v1", "Backup", backup, strict: true);
        var lenient = Real.Value.Validate("velero.io/v1", "Backup", backup, strict: false);

        Assert.Equal(".spec.includeNamespaces: field not declared in schema", Assert.Single(errors));
        Assert.Empty(lenient);
    }

    [CrdsFact]
    public void Validate_WrongType_ReportsTypeError()
    {
        var backup = ValidBackup();
        backup["spec"]!["ttl"] = 720;
        backup["spec"]!["includedNamespaces"] = "shop-frontend";

        var errors = Real.Value.ValidateDetailed("velero.io/v1", "Backup", backup, strict: false);

        Assert.Equal(["spec.includedNamespaces", "spec.ttl"], errors.Select(e => e.Field).Order());
        Assert.All(errors, e => Assert.Equal(SchemaErrorReasons.TypeInvalid, e.Reason));
        Assert.Contains(errors, e => e.Message.Contains("must be of type string", StringComparison.Ordinal));
    }

    [CrdsFact]
    public void Validate_EnumViolationInHook_ReportsUnsupportedValue()
    {
        var backup = ValidBackup();
        backup["spec"]!["hooks"]!["resources"]![0]!["pre"]![0]!["exec"]!["onError"] = "Ignore";

        var errors = Real.Value.ValidateDetailed("velero.io/v1", "Backup", backup, strict: true);

        Assert.Equal(SchemaErrorReasons.NotSupported, Assert.Single(errors).Reason);
    }

    [CrdsFact]
    public void Validate_RealRestoreAndSchedule_AcceptValidObjects()
    {
        var restore = JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"Restore","metadata":{"name":"r1","namespace":"velero"},
             "spec":{"backupName":"b1","namespaceMapping":{"a":"b"},"existingResourcePolicy":"update","restorePVs":true}}
            """)!;
        var schedule = JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"Schedule","metadata":{"name":"s1","namespace":"velero"},
             "spec":{"schedule":"0 2 * * *","template":{"includedNamespaces":["a"],"ttl":"24h0m0s"}}}
            """)!;

        Assert.Empty(Real.Value.Validate("velero.io/v1", "Restore", restore, strict: true));
        Assert.Empty(Real.Value.Validate("velero.io/v1", "Schedule", schedule, strict: true));
    }

    [CrdsFact]
    public void Validate_MissingRequiredField_ReportsRequired()
    {
        var bsl = JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"BackupStorageLocation","metadata":{"name":"x","namespace":"velero"},
             "spec":{"objectStorage":{"bucket":"b"}}}
            """)!;

        var errors = Real.Value.ValidateDetailed("velero.io/v1", "BackupStorageLocation", bsl, strict: true);

        Assert.Equal("spec.provider", Assert.Single(errors).Field);
    }

    [Fact]
    public void Validate_UnknownKind_ReportsOneError()
    {
        var errors = CrdCatalog.Empty().Validate("example.com/v1", "Widget", new JsonObject(), strict: true);

        Assert.Single(errors);
    }

    [Fact]
    public void BuiltInCatalog_ValidBackup_AcceptsAndRejectsUnknownField()
    {
        var catalog = CrdCatalog.CreateDefault();
        var backup = ValidBackup();

        Assert.Empty(catalog.Validate("velero.io/v1", "Backup", backup, strict: true));
        backup["spec"]!["nope"] = true;
        Assert.Single(catalog.Validate("velero.io/v1", "Backup", backup, strict: true));
    }

    [Fact]
    public void BuiltInCatalog_ScheduleTemplate_SharesBackupSpecSchema()
    {
        var catalog = CrdCatalog.CreateDefault();
        var schedule = JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"Schedule","metadata":{"name":"s"},
             "spec":{"schedule":"@daily","template":{"includedNamespaces":["a"],"bogus":1}}}
            """)!;

        var errors = catalog.Validate("velero.io/v1", "Schedule", schedule, strict: true);

        Assert.Equal(".spec.template.bogus: field not declared in schema", Assert.Single(errors));
    }

    [CrdsFact]
    public async Task SimulatorWithCrdDirectory_LoadsRealSchemaForApiValidation()
    {
        await using var cluster = await TestCluster.StartAsync(crds: SharedCrds.Directory, stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var backup = ValidBackup();
        backup["spec"]!["defaultVolumesToFsBackup"] = "yes";

        var (code, _) = await client.PostAsync(Objects.Backups, backup);
        var (flux, _) = await client.GetAsync("/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/default/kustomizations");

        Assert.Equal((System.Net.HttpStatusCode)422, code);
        Assert.Equal(System.Net.HttpStatusCode.OK, flux);
        Assert.StartsWith(SharedCrds.Directory!, cluster.Catalog.Find("velero.io/v1", "Backup")!.Source);
    }

    [CrdsFact]
    public void CreateDefaultWithDirectory_CoreAndRealCrds_ValidatesBoth()
    {
        var catalog = CrdCatalog.CreateDefault(SharedCrds.Directory!);
        var ns = JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"billing-api-copy","labels":{"restored-from":"billing-api"}}}""")!;
        var badNs = JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"Billing_API"}}""")!;

        Assert.Empty(catalog.Validate("v1", "Namespace", ns, strict: true));
        Assert.Single(catalog.Validate("v1", "Namespace", badNs, strict: true));
        Assert.Empty(catalog.Validate("velero.io/v1", "Backup", ValidBackup(), strict: true));
        Assert.StartsWith(SharedCrds.Directory!, catalog.Find("velero.io/v1", "Backup")!.Source);
    }
}
