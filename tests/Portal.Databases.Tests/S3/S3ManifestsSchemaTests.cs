using System.Text.Json.Nodes;
using Portal.Databases.Jobs;
using Portal.Databases.Tests.Jobs;
using Portal.Databases.Tests.Support;

namespace Portal.Databases.Tests.S3;

/// <summary>The S3 pod shapes validate strictly against the real batch/v1 schemas (CronJob, Job) and, taken out of
/// the template, against core/v1 Pod: initContainers, emptyDir volumes and secretKeyRefs included.</summary>
public sealed class S3ManifestsSchemaTests
{
    private static void AssertValid(JsonObject obj)
    {
        var errors = RealSchemas.Catalog.Validate(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>(), obj, strict: true);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>The pod the Job controller would create from the template.</summary>
    private static JsonObject PodOf(JsonObject job)
    {
        var spec = job["kind"]!.GetValue<string>() == "CronJob" ? job["spec"]!["jobTemplate"]!["spec"]! : job["spec"]!;
        var template = spec["template"]!;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "pod-1", ["namespace"] = "shop-payments", ["labels"] = template["metadata"]!["labels"]!.DeepClone() },
            ["spec"] = template["spec"]!.DeepClone(),
        };
    }

    public static TheoryData<string> Manifests() => ["cron-pg", "cron-mysql", "now", "restore", "verify"];

    private static JsonObject Build(string which) => which switch
    {
        "cron-pg" => DumpJobManifests.CronJob(Workloads.PostgresToS3()),
        "cron-mysql" => DumpJobManifests.CronJob(Workloads.MySqlToS3()),
        "now" => DumpJobManifests.Job(Workloads.PostgresToS3(), Guid.NewGuid().ToString()),
        "restore" => DumpJobManifests.RestoreJob(Workloads.PostgresRestoreFromS3(), "run-1"),
        _ => DumpJobManifests.VerifyJob(Workloads.PostgresVerifyFromS3(), "run-1"),
    };

    [CrdsTheory]
    [MemberData(nameof(Manifests))]
    public void S3Manifest_ValidatesAgainstRealBatchV1Schema(string which) => AssertValid(Build(which));

    [CrdsTheory]
    [MemberData(nameof(Manifests))]
    public void S3Manifest_PodTemplateValidatesAsRealCoreV1Pod(string which) => AssertValid(PodOf(Build(which)));

    [CrdsFact]
    public void Validate_InitContainerWithUnknownField_IsRefused()
    {
        var job = DumpJobManifests.Job(Workloads.PostgresToS3(), "run-1");
        job["spec"]!["template"]!["spec"]!["initContainers"]![0]!["restartAfter"] = "never";

        var errors = RealSchemas.Catalog.Validate("batch/v1", "Job", job, strict: true);

        Assert.Contains(errors, e => e.Contains("restartAfter", StringComparison.Ordinal));
    }
}
