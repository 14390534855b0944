using System.Text.Json.Nodes;
using Portal.Databases.Jobs;

namespace Portal.Databases.Tests.Jobs;

public sealed class DumpJobManifestsTests
{
    private const string Password = "s3cr3t-Pa55word!";

    private static JsonObject PodSpecOfCronJob(JsonObject cronJob) => cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!.AsObject();

    private static JsonObject Container(JsonObject podSpec) => podSpec["containers"]![0]!.AsObject();

    private static JsonObject EnvVar(JsonObject container, string name) =>
        container["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == name)!.AsObject();

    private static string Labels(JsonNode? metadata, string key) => metadata!["labels"]![key]!.GetValue<string>();

    [Fact]
    public void CronJob_Postgres_PasswordAndUserComeFromSecretKeyRefs()
    {
        var container = Container(PodSpecOfCronJob(DumpJobManifests.CronJob(Workloads.Postgres())));

        var password = EnvVar(container, "PGPASSWORD");
        Assert.Null(password["value"]);
        Assert.Equal("shop-db-app", password["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>());
        Assert.Equal("password", password["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        Assert.Equal("username", EnvVar(container, "PGUSER")["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        Assert.Equal("shop-db-rw", EnvVar(container, "PGHOST")["value"]!.GetValue<string>());
        Assert.Equal("5432", EnvVar(container, "PGPORT")["value"]!.GetValue<string>());
    }

    [Fact]
    public void CronJob_MySqlWithoutUsernameKey_UsesFixedUserAndMysqlPwdFromSecret()
    {
        var container = Container(PodSpecOfCronJob(DumpJobManifests.CronJob(Workloads.MySql())));

        Assert.Equal("root", EnvVar(container, "MYSQL_USER")["value"]!.GetValue<string>());
        Assert.Equal("MYSQL_ROOT_PASSWORD", EnvVar(container, "MYSQL_PWD")["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        Assert.Equal("billing-mysql", EnvVar(container, "MYSQL_HOST")["value"]!.GetValue<string>());
        Assert.Equal("3306", EnvVar(container, "MYSQL_TCP_PORT")["value"]!.GetValue<string>());
        Assert.DoesNotContain(container["env"]!.AsArray(), e => e!["name"]!.GetValue<string>().StartsWith("PG", StringComparison.Ordinal));
    }

    [Fact]
    public void AllManifests_PasswordKnownToTheCaller_NeverAppearsAsLiteral()
    {
        // The password itself never reaches the builder; a Secret named like a password still gives no literal value.
        var w = Workloads.Postgres() with { Credentials = new SecretCredentials("db-secret", "user", null, "pw") };
        var json = string.Join("\n",
            DumpJobManifests.CronJob(w).ToJsonString(),
            DumpJobManifests.Job(w, "r1").ToJsonString(),
            DumpJobManifests.RestoreJob(w with { Script = Workloads.PostgresRestore().Script }, "r1").ToJsonString());

        Assert.DoesNotContain(Password, json, StringComparison.Ordinal);
        Assert.DoesNotContain("--password", json, StringComparison.Ordinal);
        foreach (var env in Container(PodSpecOfCronJob(DumpJobManifests.CronJob(w)))["env"]!.AsArray())
            if (env!["name"]!.GetValue<string>() is "PGPASSWORD" or "MYSQL_PWD")
                Assert.Null(env["value"]);
    }

    [Fact]
    public void Validate_ExtraEnvSettingThePassword_IsRefused()
    {
        var w = Workloads.Postgres() with { ExtraEnv = new Dictionary<string, string> { ["PGPASSWORD"] = Password } };

        var error = Assert.Throws<ArgumentException>(() => DumpJobManifests.CronJob(w));

        Assert.Contains("PGPASSWORD", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CronJob_Schedule_ForbidsConcurrencyAndCarriesTimeZoneAndLimits()
    {
        var spec = DumpJobManifests.CronJob(Workloads.Postgres())["spec"]!;

        Assert.Equal("Forbid", spec["concurrencyPolicy"]!.GetValue<string>());
        Assert.Equal("30 2 * * *", spec["schedule"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", spec["timeZone"]!.GetValue<string>());
        Assert.Equal(3, spec["successfulJobsHistoryLimit"]!.GetValue<int>());
        Assert.Equal(3, spec["failedJobsHistoryLimit"]!.GetValue<int>());
        Assert.Equal(600, spec["startingDeadlineSeconds"]!.GetValue<long>());
        var jobSpec = spec["jobTemplate"]!["spec"]!;
        Assert.Equal(1, jobSpec["backoffLimit"]!.GetValue<int>());
        Assert.Equal(3600, jobSpec["activeDeadlineSeconds"]!.GetValue<long>());
        Assert.Equal(86400, jobSpec["ttlSecondsAfterFinished"]!.GetValue<int>());
    }

    [Fact]
    public void CronJob_OwnerLabels_OnCronJobJobTemplateAndPodTemplate()
    {
        var cronJob = DumpJobManifests.CronJob(Workloads.Postgres());
        var jobTemplate = cronJob["spec"]!["jobTemplate"]!;
        var podTemplate = jobTemplate["spec"]!["template"]!;

        foreach (var metadata in new[] { cronJob["metadata"], jobTemplate["metadata"], podTemplate["metadata"] })
        {
            Assert.Equal("nightly", Labels(metadata, Workloads.OwnerLabel));
            Assert.Equal("shop", Labels(metadata, "kubernetes-portal.io/tenant"));
            Assert.Equal("dump", Labels(metadata, DumpJobManifests.JobKindLabel));
        }
        Assert.Equal("schedule", Labels(podTemplate["metadata"], DumpJobManifests.TriggerLabel));
    }

    [Fact]
    public void Job_DumpNow_RunsAskedForInTheSameMinute_GetDifferentNames()
    {
        // Version-7 GUIDs made together share their leading (timestamp) digits; the Job name must not.
        var names = Enumerable.Range(0, 50).Select(_ => DumpJobManifests.Job(Workloads.Postgres(), Guid.CreateVersion7().ToString())["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(50, names.Distinct().Count());
    }

    [Fact]
    public void Job_DumpNow_SamePodAsScheduleWithManualTriggerAndRunName()
    {
        var w = Workloads.Postgres();
        var runId = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
        var job = DumpJobManifests.Job(w, runId);

        Assert.Equal("Job", job["kind"]!.GetValue<string>());
        Assert.Equal("shop-db-nightly-now-e82c3301", job["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(runId, job["metadata"]!["annotations"]![DumpJobManifests.RunIdAnnotation]!.GetValue<string>());
        Assert.Equal("manual", Labels(job["metadata"], DumpJobManifests.TriggerLabel));
        Assert.Equal("nightly", Labels(job["spec"]!["template"]!["metadata"], Workloads.OwnerLabel));
        Assert.Equal("manual", Labels(job["spec"]!["template"]!["metadata"], DumpJobManifests.TriggerLabel));
        var schedulePod = PodSpecOfCronJob(DumpJobManifests.CronJob(w));
        Assert.True(JsonNode.DeepEquals(schedulePod, job["spec"]!["template"]!["spec"]), "dump now must run the schedule's pod");
    }

    [Fact]
    public void CronJob_Container_RunsScriptWithShAndFileTerminationMessage()
    {
        var w = Workloads.Postgres();
        var pod = PodSpecOfCronJob(DumpJobManifests.CronJob(w));
        var container = Container(pod);

        Assert.Equal("Never", pod["restartPolicy"]!.GetValue<string>());
        Assert.Single(pod["containers"]!.AsArray());
        Assert.Equal(["/bin/sh", "-c", w.Script], container["command"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("postgres:16", container["image"]!.GetValue<string>());
        Assert.Equal("/dev/termination-log", container["terminationMessagePath"]!.GetValue<string>());
        Assert.Equal("File", container["terminationMessagePolicy"]!.GetValue<string>());
        Assert.Equal("250m", container["resources"]!["requests"]!["cpu"]!.GetValue<string>());
        Assert.Equal("1Gi", container["resources"]!["limits"]!["memory"]!.GetValue<string>());
        var mount = container["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == "/backup")!;
        Assert.False(mount["readOnly"]!.GetValue<bool>());
        var volume = pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!;
        Assert.Equal("shop-dumps", volume["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
    }

    [Fact]
    public void CronJob_SecurityContext_NonRootUid999NoEscalationNoCapabilitiesRuntimeDefaultSeccomp()
    {
        var pod = PodSpecOfCronJob(DumpJobManifests.CronJob(Workloads.MySql()));
        var podSecurity = pod["securityContext"]!;
        var containerSecurity = Container(pod)["securityContext"]!;

        Assert.True(podSecurity["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal(999, podSecurity["runAsUser"]!.GetValue<long>());
        Assert.Equal(999, podSecurity["runAsGroup"]!.GetValue<long>());
        Assert.Equal(999, podSecurity["fsGroup"]!.GetValue<long>());
        Assert.Equal("RuntimeDefault", podSecurity["seccompProfile"]!["type"]!.GetValue<string>());
        Assert.False(containerSecurity["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Equal(["ALL"], containerSecurity["capabilities"]!["drop"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(pod["automountServiceAccountToken"]!.GetValue<bool>());
        // read-only root: the scripts' work directory is $TMPDIR, an emptyDir at /tmp
        Assert.True(containerSecurity["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal("/tmp", EnvVar(Container(pod), "TMPDIR")["value"]!.GetValue<string>());
        Assert.Contains(pod["volumes"]!.AsArray(), v => v!["emptyDir"] is not null);
    }

    [Fact]
    public void RestoreJob_AndVerifyJob_MountTheDumpsReadOnlyWithTheirKind()
    {
        var restore = DumpJobManifests.RestoreJob(Workloads.PostgresRestore(), "abc12345-x");
        var verify = DumpJobManifests.VerifyJob(Workloads.PostgresVerify(), "abc12345-x");

        Assert.Equal("shop-db-restore-bc12345x", restore["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("shop-db-verify-bc12345x", verify["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("restore", Labels(restore["metadata"], DumpJobManifests.JobKindLabel));
        Assert.Equal("verify", Labels(verify["spec"]!["template"]!["metadata"], DumpJobManifests.JobKindLabel));
        foreach (var job in new[] { restore, verify })
        {
            var pod = job["spec"]!["template"]!["spec"]!;
            Assert.True(pod["containers"]![0]!["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == "/backup")!["readOnly"]!.GetValue<bool>());
            Assert.True(pod["volumes"]!.AsArray().Single(v => v!["persistentVolumeClaim"] is not null)!["persistentVolumeClaim"]!["readOnly"]!.GetValue<bool>());
        }
        Assert.Contains("pg_restore", restore["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]![2]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void CronJob_LongBaseName_CutTo52WithDeterministicHashSuffix()
    {
        var longA = new string('a', 60) + "-x";
        var longB = new string('a', 60) + "-y";

        var nameA = DumpJobManifests.CronJob(Workloads.Postgres(longA))["metadata"]!["name"]!.GetValue<string>();
        var nameAAgain = DumpJobManifests.CronJob(Workloads.Postgres(longA))["metadata"]!["name"]!.GetValue<string>();
        var nameB = DumpJobManifests.CronJob(Workloads.Postgres(longB))["metadata"]!["name"]!.GetValue<string>();

        Assert.Equal(52, nameA.Length);
        Assert.Equal(nameA, nameAAgain);
        Assert.NotEqual(nameA, nameB);
        Assert.Matches("^a+-[0-9a-f]{8}$", nameA);
        // the controller appends -<8 digit minutes>: still a valid label value
        Assert.True((nameA + "-29000000").Length <= 63);
    }

    [Fact]
    public void Job_LongBaseNameAndRunId_NameWithin63EndingInRunPart()
    {
        var name = DumpJobManifests.Job(Workloads.Postgres(new string('b', 70)), "ABCDEF0123456789")["metadata"]!["name"]!.GetValue<string>();

        Assert.Equal(63, name.Length);
        Assert.EndsWith("-now-23456789", name, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
    }

    [Fact]
    public void CronJob_ShortBaseName_KeptAsIs() =>
        Assert.Equal("shop-db-nightly", DumpJobManifests.CronJobName(Workloads.Postgres()));

    [Fact]
    public void CronJob_WithoutTimeZoneOrSchedule_IsRefusedInWords()
    {
        var noZone = Assert.Throws<ArgumentException>(() => DumpJobManifests.CronJob(Workloads.Postgres() with { TimeZone = null }));
        var noCron = Assert.Throws<ArgumentException>(() => DumpJobManifests.CronJob(Workloads.Postgres() with { Schedule = " " }));

        Assert.Contains("time zone", noZone.Message, StringComparison.Ordinal);
        Assert.Contains("cron", noCron.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithoutOwnerLabel_IsRefused()
    {
        var w = Workloads.Postgres() with { Labels = new Dictionary<string, string> { ["app"] = "x" } };

        Assert.Contains(w.Validate(), e => e.Contains("owner label", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => DumpJobManifests.Job(w, "r1"));
    }

    [Fact]
    public void Validate_BadInputs_EachNamed()
    {
        var w = Workloads.Postgres() with
        {
            Namespace = "Shop_Payments",
            Labels = new Dictionary<string, string> { [Workloads.OwnerLabel] = "alice@corp.com" },
            Port = 0,
            Credentials = new SecretCredentials("s", null, null, "password"),
            MountPath = "backup",
        };

        var errors = w.Validate();

        Assert.Contains(errors, e => e.Contains("namespace", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("alice@corp.com", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("user name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("mount path", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RealisticWorkloads_HaveNoProblems()
    {
        Assert.Empty(Workloads.Postgres().Validate());
        Assert.Empty(Workloads.MySql().Validate());
        Assert.Empty(Workloads.PostgresRestore().Validate());
    }

    [Fact]
    public void Job_RunIdWithoutLettersOrDigits_IsRefused() =>
        Assert.Throws<ArgumentException>(() => DumpJobManifests.Job(Workloads.Postgres(), "--"));

    [Fact]
    public void PersistentVolumeClaim_Dumps_ReadWriteOnceWithSizeClassAndLabels()
    {
        var pvc = DumpJobManifests.PersistentVolumeClaim("shop-dumps", "shop-payments", "fast-ssd", 20,
            new Dictionary<string, string> { [Workloads.OwnerLabel] = "nightly" });

        Assert.Equal(["ReadWriteOnce"], pvc["spec"]!["accessModes"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("20Gi", pvc["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
        Assert.Equal("fast-ssd", pvc["spec"]!["storageClassName"]!.GetValue<string>());
        Assert.Equal("shop-payments", pvc["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("nightly", Labels(pvc["metadata"], Workloads.OwnerLabel));
        Assert.Null(DumpJobManifests.PersistentVolumeClaim("d", "n", null, 1, new Dictionary<string, string>())["spec"]!["storageClassName"]);
    }

    [Fact]
    public void PersistentVolumeClaim_ZeroSize_IsRefused() =>
        Assert.Throws<ArgumentException>(() => DumpJobManifests.PersistentVolumeClaim("d", "n", null, 0, new Dictionary<string, string>()));

    [Theory]
    [InlineData("ReadWriteOnce")]
    [InlineData("ReadWriteMany")]
    [InlineData("ReadWriteOncePod")]
    public void DestinationProblem_WritableAccessMode_None(string mode) =>
        Assert.Null(DumpJobManifests.DestinationProblem("dumps", [mode]));

    [Fact]
    public void DestinationProblem_ReadOnlyMany_WrongAccessModeInWords()
    {
        var problem = DumpJobManifests.DestinationProblem("shared-ro", ["ReadOnlyMany"]);

        Assert.NotNull(problem);
        Assert.Contains("wrong access mode", problem, StringComparison.Ordinal);
        Assert.Contains("shared-ro", problem, StringComparison.Ordinal);
        Assert.Contains("ReadOnlyMany", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DestinationProblem_NoAccessModes_Refused() =>
        Assert.Contains("no access mode", DumpJobManifests.DestinationProblem("x", null)!, StringComparison.Ordinal);
}
