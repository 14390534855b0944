using System.Text.Json.Nodes;
using Portal.Databases.Jobs;
using Portal.Databases.Specs;
using Portal.Databases.Tests.Jobs;

namespace Portal.Databases.Tests.S3;

public sealed class S3ManifestsTests
{
    private static JsonObject Pod(JsonObject cronJob) => cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!.AsObject();

    private static JsonObject Env(JsonObject container, string name) =>
        container["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == name)!.AsObject();

    private static string[] Command(JsonObject container) => container["command"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();

    private static bool MountReadOnly(JsonObject container, string path) =>
        container["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == path)!["readOnly"]!.GetValue<bool>();

    [Fact]
    public void CronJob_S3_DumpIsTheInitContainerAndTheUploadTheMainOne()
    {
        var pod = Pod(DumpJobManifests.CronJob(Workloads.PostgresToS3()));
        var dump = pod["initContainers"]![0]!.AsObject();
        var upload = Assert.Single(pod["containers"]!.AsArray())!.AsObject();

        Assert.Equal("pg", dump["name"]!.GetValue<string>());
        Assert.Equal("postgres:16", dump["image"]!.GetValue<string>());
        Assert.Equal(["/bin/sh", "-c", "portal-dump"], Command(dump).Where((_, i) => i != 2 && i != 4));
        Assert.Equal(Workloads.PostgresToS3().Script, Command(dump)[4]);
        Assert.Equal("/backup/.portal-result.json", Env(dump, "TERMINATION_LOG")["value"]!.GetValue<string>());
        Assert.Equal("password", Env(dump, "PGPASSWORD")["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        Assert.False(MountReadOnly(dump, "/backup"));

        Assert.Equal("upload", upload["name"]!.GetValue<string>());
        Assert.Equal("amazon/aws-cli", upload["image"]!.GetValue<string>());
        Assert.Equal("/bin/sh", Command(upload)[0]);
        Assert.Contains("S3_BASE='s3://shop-backups/prod/databases'", Command(upload)[2], StringComparison.Ordinal);
        Assert.Contains("ENDPOINT='http://minio.storage:9000'", Command(upload)[2], StringComparison.Ordinal);
        Assert.True(MountReadOnly(upload, "/backup"));
        Assert.DoesNotContain(upload["env"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "TERMINATION_LOG");
    }

    [Fact]
    public void CronJob_S3_KeysFromTheSecretHomeOnTmpAndNoClaim()
    {
        var pod = Pod(DumpJobManifests.CronJob(Workloads.PostgresToS3()));
        var upload = pod["containers"]![0]!.AsObject();

        foreach (var (name, key) in new[] { ("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"), ("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY") })
        {
            var env = Env(upload, name);
            Assert.Null(env["value"]);
            Assert.Equal("shop-s3-keys", env["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>());
            Assert.Equal(key, env["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        }
        Assert.Equal("/tmp", Env(upload, "HOME")["value"]!.GetValue<string>());
        Assert.Equal("us-east-1", Env(upload, "AWS_DEFAULT_REGION")["value"]!.GetValue<string>());
        Assert.Equal("true", Env(upload, "AWS_EC2_METADATA_DISABLED")["value"]!.GetValue<string>());
        Assert.DoesNotContain(pod["volumes"]!.AsArray(), v => v!["persistentVolumeClaim"] is not null);
        Assert.All(pod["volumes"]!.AsArray(), v => Assert.NotNull(v!["emptyDir"]));
    }

    [Fact]
    public void AllS3Pods_EveryContainerKeepsTheSecurityContext()
    {
        var pods = new[]
        {
            Pod(DumpJobManifests.CronJob(Workloads.MySqlToS3())),
            DumpJobManifests.RestoreJob(Workloads.PostgresRestoreFromS3(), "r")["spec"]!["template"]!["spec"]!.AsObject(),
            DumpJobManifests.VerifyJob(Workloads.PostgresVerifyFromS3(), "r")["spec"]!["template"]!["spec"]!.AsObject(),
        };

        foreach (var pod in pods)
        {
            Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
            Assert.False(pod["automountServiceAccountToken"]!.GetValue<bool>());
            var containers = pod["initContainers"]!.AsArray().Concat(pod["containers"]!.AsArray()).Select(c => c!.AsObject()).ToList();
            Assert.Equal(2, containers.Count);
            foreach (var c in containers)
            {
                var sc = c["securityContext"]!;
                Assert.True(sc["readOnlyRootFilesystem"]!.GetValue<bool>());
                Assert.False(sc["allowPrivilegeEscalation"]!.GetValue<bool>());
                Assert.Equal(["ALL"], sc["capabilities"]!["drop"]!.AsArray().Select(d => d!.GetValue<string>()));
                Assert.Equal("/dev/termination-log", c["terminationMessagePath"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public void CronJob_S3WithRegionAndImage_UsesThem()
    {
        var upload = Pod(DumpJobManifests.CronJob(Workloads.MySqlToS3()))["containers"]![0]!.AsObject();

        Assert.Equal("amazon/aws-cli:2.17.0", upload["image"]!.GetValue<string>());
        Assert.Equal("eu-central-1", Env(upload, "AWS_DEFAULT_REGION")["value"]!.GetValue<string>());
    }

    [Fact]
    public void RestoreJob_S3_DownloadFirstThenTheGatedRestoreReadOnly()
    {
        var pod = DumpJobManifests.RestoreJob(Workloads.PostgresRestoreFromS3(), "r")["spec"]!["template"]!["spec"]!.AsObject();
        var download = pod["initContainers"]![0]!.AsObject();
        var restore = pod["containers"]![0]!.AsObject();

        Assert.Equal("download", download["name"]!.GetValue<string>());
        Assert.Equal("/backup/.portal-result.json", Env(download, "TERMINATION_LOG")["value"]!.GetValue<string>());
        Assert.Contains("REL='shop/nightly-20250101T023000Z.dump'", Command(download)[4], StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), Command(download)[4], StringComparison.Ordinal);
        Assert.False(MountReadOnly(download, "/backup"));
        Assert.Equal("pg", restore["name"]!.GetValue<string>());
        Assert.Equal(["portal-restore", "/backup/.portal-result.json", Workloads.PostgresRestore().Script], Command(restore)[3..]);
        Assert.True(MountReadOnly(restore, "/backup"));
        Assert.DoesNotContain(restore["env"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "TERMINATION_LOG");
    }

    [Fact]
    public void RestoreJob_S3WithoutArtifact_RefusedInWords()
    {
        var e = Assert.Throws<ArgumentException>(() => DumpJobManifests.RestoreJob(Workloads.PostgresRestoreFromS3() with { Artifact = null }, "r"));

        Assert.Contains("A restore from S3 needs the artifact and its sha256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadS3Settings_AllSaidInWords()
    {
        var w = Workloads.PostgresToS3() with
        {
            Storage = new DumpStorage.S3("minio:9000", "Shop_Backups", "../up", "Keys!", "EU WEST"),
            Artifact = new StoredArtifact("/etc/passwd", "abc"),
        };

        var errors = w.Validate();

        Assert.Contains(errors, e => e.Contains("S3 endpoint \"minio:9000\" must be an http(s) URL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bucket name \"Shop_Backups\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("S3 prefix \"../up\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("credentials Secret name \"Keys!\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("region \"EU WEST\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("artifact \"/etc/passwd\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("checksum \"abc\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RetentionOnAClaimWorkload_IsRefusedBecauseTheScriptDoesIt()
    {
        var errors = (Workloads.Postgres() with { Retention = RetentionPolicy.KeepLast(3) }).Validate();

        Assert.Contains(errors, e => e.Contains("the dump script applies the retention of the dump spec", StringComparison.Ordinal));
    }

    [Fact]
    public void ClaimName_IsShortForPvcStorage()
    {
        var w = Workloads.MySql();

        Assert.Equal(new DumpStorage.Pvc("billing-dumps"), w.Storage);
        Assert.Equal("billing-dumps", w.ClaimName);
        Assert.Null(Workloads.MySqlToS3().ClaimName);
        Assert.Equal(DumpJobManifests.CronJob(w).ToJsonString(), DumpJobManifests.CronJob(w with { Storage = new DumpStorage.Pvc("billing-dumps") }).ToJsonString());
    }

    [Fact]
    public void Validate_NoStorage_SaysToChooseOne()
    {
        var errors = (Workloads.Postgres() with { Storage = null }).Validate();

        Assert.Contains("Choose where the dumps are kept: a volume claim or an S3 bucket.", errors);
    }

    [Theory]
    [InlineData("prod/databases", "s3://shop-backups/prod/databases/shop/x.dump")]
    [InlineData("/prod/databases/", "s3://shop-backups/prod/databases/shop/x.dump")]
    [InlineData("", "s3://shop-backups/shop/x.dump")]
    public void LocationAndArtifactOf_RoundTrip(string prefix, string location)
    {
        var s3 = Workloads.Bucket with { Prefix = prefix };

        Assert.Equal(location, s3.Location("shop/x.dump"));
        Assert.Equal("shop/x.dump", s3.ArtifactOf(location));
    }

    [Theory]
    [InlineData("s3://other-bucket/prod/databases/shop/x.dump")]
    [InlineData("s3://shop-backups/prod/databases-old/x.dump")]
    [InlineData("s3://shop-backups/prod/databases/")]
    [InlineData("shop/x.dump")]
    public void ArtifactOf_ElsewhereThanThisBucketAndPrefix_IsNull(string location) => Assert.Null(Workloads.Bucket.ArtifactOf(location));
}
