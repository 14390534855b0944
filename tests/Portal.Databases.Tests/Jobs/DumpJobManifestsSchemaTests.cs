using System.Text.Json.Nodes;
using Portal.Databases.Jobs;
using Portal.Databases.Tests.Support;

namespace Portal.Databases.Tests.Jobs;

/// <summary>Every object the manifests produce validates against the real Kubernetes batch/v1 and core/v1
/// OpenAPI schemas, strictly (an unknown field is an error, as with kubectl's fieldValidation=Strict).</summary>
public sealed class DumpJobManifestsSchemaTests
{
    private static void AssertValid(JsonObject obj)
    {
        var errors = RealSchemas.Catalog.Validate(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>(), obj, strict: true);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [CrdsFact]
    public void CronJob_Postgres_ValidatesAgainstRealBatchV1Schema() => AssertValid(DumpJobManifests.CronJob(Workloads.Postgres()));

    [CrdsFact]
    public void CronJob_MySqlWithFixedUser_ValidatesAgainstRealBatchV1Schema() => AssertValid(DumpJobManifests.CronJob(Workloads.MySql()));

    [CrdsFact]
    public void Job_DumpNow_ValidatesAgainstRealBatchV1Schema() => AssertValid(DumpJobManifests.Job(Workloads.Postgres(), Guid.NewGuid().ToString()));

    [CrdsFact]
    public void RestoreJob_Postgres_ValidatesAgainstRealBatchV1Schema() => AssertValid(DumpJobManifests.RestoreJob(Workloads.PostgresRestore(), "run-1"));

    [CrdsFact]
    public void VerifyJob_Postgres_ValidatesAgainstRealBatchV1Schema() => AssertValid(DumpJobManifests.VerifyJob(Workloads.PostgresVerify(), "run-1"));

    [CrdsFact]
    public void CronJob_LongNames_ValidatesAgainstRealSchema()
    {
        var w = Workloads.Postgres(new string('a', 40) + "-" + new string('b', 40));
        AssertValid(DumpJobManifests.CronJob(w));
        AssertValid(DumpJobManifests.Job(w, "0123456789abcdef"));
    }

    [CrdsFact]
    public void PersistentVolumeClaim_WithAndWithoutClass_ValidatesAgainstRealCoreV1Schema()
    {
        var labels = new Dictionary<string, string> { [Workloads.OwnerLabel] = "nightly" };
        AssertValid(DumpJobManifests.PersistentVolumeClaim("shop-dumps", "shop-payments", "fast-ssd", 20, labels));
        AssertValid(DumpJobManifests.PersistentVolumeClaim("shop-dumps", "shop-payments", null, 1, labels));
    }

    [CrdsFact]
    public void Validate_CronJobWithUnknownContainerField_IsRefused()
    {
        var cronJob = DumpJobManifests.CronJob(Workloads.Postgres());
        var container = cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        container["imagePolicy"] = "Always";

        var errors = RealSchemas.Catalog.Validate("batch/v1", "CronJob", cronJob, strict: true);

        Assert.Contains(errors, e => e.Contains("imagePolicy", StringComparison.Ordinal));
    }

    [CrdsFact]
    public void Validate_JobWithStringBackoffLimit_IsRefused()
    {
        var job = DumpJobManifests.Job(Workloads.Postgres(), "run-1");
        job["spec"]!["backoffLimit"] = "three";

        var errors = RealSchemas.Catalog.Validate("batch/v1", "Job", job, strict: true);

        Assert.Contains(errors, e => e.Contains("backoffLimit", StringComparison.Ordinal));
    }

    [CrdsFact]
    public void Validate_PvcWithUnknownSpecField_IsRefused()
    {
        var pvc = DumpJobManifests.PersistentVolumeClaim("d", "ns", null, 1, new Dictionary<string, string>());
        pvc["spec"]!["size"] = "1Gi";

        Assert.NotEmpty(RealSchemas.Catalog.Validate("v1", "PersistentVolumeClaim", pvc, strict: true));
    }
}
