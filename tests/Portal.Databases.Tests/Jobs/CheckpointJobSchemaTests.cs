using System.Text.Json.Nodes;
using Portal.Databases.Jobs;
using Portal.Databases.Tests.Support;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.Jobs;

/// <summary>The checkpoint Job a snapshot runs first validates strictly against the real batch/v1 schema, like the dump Jobs, and
/// keeps the password in the Secret.</summary>
public sealed class CheckpointJobSchemaTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["kubernetes-portal.io/request-id"] = Guid.NewGuid().ToString(), ["kubernetes-portal.io/tenant"] = "webshop" };

    [CrdsTheory]
    [InlineData(DatabaseEngine.PostgreSql)]
    [InlineData(DatabaseEngine.MySql)]
    [InlineData(DatabaseEngine.MariaDb)]
    public void CheckpointJob_ValidatesAgainstRealBatchV1Schema_WithThePasswordOnlyInTheSecret(DatabaseEngine engine)
    {
        var credentials = new SecretKeyReference("shop-db-app", "username", "password");
        var name = CheckpointJobs.JobName(Guid.NewGuid());
        var job = CheckpointJobs.Job(new DrillDatabase(engine, "shop-db-rw", engine.DefaultPort(), credentials, "postgres:16"), "shop",
            "a-long-tenant-namespace-name-that-is-still-a-valid-label-of-63", name, Labels);

        var errors = RealSchemas.Catalog.Validate("batch/v1", "Job", job, strict: true);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(name.Length <= 63);
        var container = job["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var env = container["env"]!.AsArray();
        var password = env.Single(e => e!["name"]!.GetValue<string>() is "PGPASSWORD" or "MYSQL_PWD")!;
        Assert.Equal("shop-db-app", password["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>());
        Assert.Contains(engine.Statement()!.Split(';')[0], container["command"]!.ToJsonString());
        Assert.Equal(0, job["spec"]!["backoffLimit"]!.GetValue<int>()); // a checkpoint is not retried behind the executor's back
    }
}
