using YamlDotNet.RepresentationModel;

namespace Portal.Deployment.Tests;

public sealed class KustomizeBaseTests
{
    private static readonly Lazy<string> BaseText = new(() => Tool.RunOk("kubectl", "kustomize", "deploy/kustomize/base"));
    private static readonly Lazy<IReadOnlyList<YamlMappingNode>> Base = new(() => Yaml.Documents(BaseText.Value));

    private static YamlMappingNode Single(string kind) =>
        Assert.Single(Base.Value, d => d.Kind() == kind);

    private static YamlNode PortalContainer(YamlNode workload) =>
        Assert.Single(workload.Seq("spec", "template", "spec", "containers"));

    [Fact]
    public void Renders_the_namespace_deployment_service_configmap_and_migration_job()
    {
        var kinds = Base.Value.Select(d => d.Kind()).ToList();

        Assert.Contains("Namespace", kinds);
        Assert.Contains("ServiceAccount", kinds);
        Assert.Contains("Deployment", kinds);
        Assert.Contains("Service", kinds);
        Assert.Contains("ConfigMap", kinds);
        Assert.Contains("Job", kinds);
        Assert.All(Base.Value.Where(d => d.Kind() != "Namespace"), d => Assert.Equal("portal", d.Str("metadata", "namespace")));
    }

    [Fact]
    public void Migration_job_runs_the_portal_with_migrate()
    {
        var job = Single("Job");
        var container = PortalContainer(job);

        Assert.Contains("--migrate", container.Strings("args").Concat(container.Strings("command")));
        Assert.Equal(PortalContainer(Single("Deployment")).Str("image"), container.Str("image"));
        Assert.Equal("Never", job.Str("spec", "template", "spec", "restartPolicy"));
        Assert.Contains(container.Seq("env"), e => e.Str("name") == "Database__ConnectionString"
                                                   && e.Str("valueFrom", "secretKeyRef", "name") == "portal-secrets");
    }

    [Fact]
    public void No_secret_values_are_embedded()
    {
        foreach (var secret in Base.Value.Where(d => d.Kind() == "Secret"))
        {
            Assert.Empty(secret.Keys("data"));
            Assert.Empty(secret.Keys("stringData"));
        }
    }

    [Fact]
    public void Secrets_are_referenced_from_portal_secrets()
    {
        var env = PortalContainer(Single("Deployment")).Seq("env").ToList();

        string? KeyOf(string name) => env.Where(e => e.Str("name") == name)
            .Select(e => e.Str("valueFrom", "secretKeyRef", "name") == "portal-secrets" ? e.Str("valueFrom", "secretKeyRef", "key") : null)
            .SingleOrDefault();

        Assert.Equal("database-connection-string", KeyOf("Database__ConnectionString"));
        Assert.Equal("azuread-client-secret", KeyOf("AzureAd__ClientSecret"));
    }

    [Fact]
    public void Deployment_has_two_replicas_health_probes_and_resources()
    {
        var deployment = Single("Deployment");
        var container = PortalContainer(deployment);

        Assert.Equal("2", deployment.Str("spec", "replicas"));
        Assert.Equal("/health/live", container.Str("livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", container.Str("readinessProbe", "httpGet", "path"));
        Assert.Contains(container.Seq("ports"), p => p.Str("containerPort") == "8080");
        Assert.NotNull(container.Str("resources", "requests", "cpu"));
        Assert.NotNull(container.Str("resources", "requests", "memory"));
        Assert.NotNull(container.Str("resources", "limits", "memory"));
    }

    [Fact]
    public void Deployment_runs_non_root_with_a_read_only_root_filesystem_and_a_tmp_emptydir()
    {
        var podSpec = Single("Deployment").Get("spec", "template", "spec")!;
        var container = PortalContainer(Single("Deployment"));

        Assert.Equal("true", podSpec.Str("securityContext", "runAsNonRoot"));
        Assert.Equal("true", container.Str("securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", container.Str("securityContext", "allowPrivilegeEscalation"));

        var tmp = Assert.Single(container.Seq("volumeMounts"), m => m.Str("mountPath") == "/tmp");
        var volume = Assert.Single(podSpec.Seq("volumes"), v => v.Str("name") == tmp.Str("name"));
        Assert.NotNull(volume.Get("emptyDir"));
    }

    [Fact]
    public void Configuration_comes_from_the_generated_configmap()
    {
        var configMap = Single("ConfigMap");
        var container = PortalContainer(Single("Deployment"));

        Assert.Contains(container.Seq("envFrom"), e => e.Str("configMapRef", "name") == configMap.Name());
        Assert.Equal("Postgres", configMap.Str("data", "Database__Provider"));
        Assert.Equal("false", configMap.Str("data", "Authentication__DevelopmentSignIn__Enabled"));
        Assert.Equal("false", configMap.Str("data", "Demo__Enabled"));
    }

    [Fact]
    public void Data_protection_key_ring_is_encrypted_with_a_certificate_mounted_read_only_from_a_secret()
    {
        var config = Single("ConfigMap");
        Assert.Null(config.Str("data", "DataProtection__KeysPath"));
        var certPath = config.Str("data", "DataProtection__Certificate__Path")!;
        var keyPath = config.Str("data", "DataProtection__Certificate__KeyPath")!;
        Assert.Equal(Path.GetDirectoryName(certPath), Path.GetDirectoryName(keyPath));
        var podSpec = Single("Deployment").Get("spec", "template", "spec")!;
        var mount = Assert.Single(PortalContainer(Single("Deployment")).Seq("volumeMounts"), m => m.Str("mountPath") == Path.GetDirectoryName(certPath));
        Assert.Equal("true", mount.Str("readOnly"));
        var volume = Assert.Single(podSpec.Seq("volumes"), v => v.Str("name") == mount.Str("name"));
        Assert.Equal("portal-keyring", volume.Str("secret", "secretName"));
        Assert.DoesNotContain(Base.Value, d => d.Kind() == "PersistentVolumeClaim");
    }

    [Fact]
    public void Secret_example_is_documented_but_not_a_resource()
    {
        var kustomization = Yaml.Documents(File.ReadAllText(RepoRoot.Combine("deploy", "kustomize", "base", "kustomization.yaml"))).Single();

        Assert.True(File.Exists(RepoRoot.Combine("deploy", "kustomize", "base", "secret.example.yaml")));
        Assert.DoesNotContain("secret.example.yaml", kustomization.Strings("resources"));
    }

    [Fact]
    public void Production_overlay_renders_with_a_pinned_image_tag()
    {
        var docs = Yaml.Documents(Tool.RunOk("kubectl", "kustomize", "deploy/kustomize/overlays/production"));
        var image = PortalContainer(Assert.Single(docs, d => d.Kind() == "Deployment")).Str("image") ?? "";

        Assert.Contains(':', image);
        Assert.DoesNotContain(":latest", image);
        Assert.DoesNotContain(docs, d => d.Kind() == "Secret");
    }

    [CrdsFact]
    public void Base_and_production_overlay_are_valid_against_the_real_schemas()
    {
        Assert.Empty(RealSchemas.Errors(BaseText.Value));
        Assert.Empty(RealSchemas.Errors(Tool.RunOk("kubectl", "kustomize", "deploy/kustomize/overlays/production")));
    }

    [Fact]
    public void Network_policy_admits_only_http_to_the_portal_and_lets_it_reach_only_dns_postgres_and_https()
    {
        var policy = Single("NetworkPolicy");
        var deployment = Single("Deployment");
        var selector = policy.Get("spec", "podSelector", "matchLabels") as YamlMappingNode;
        Assert.NotNull(selector);
        Assert.All(selector.Children, kv => Assert.Equal(kv.Value.Str(), deployment.Str("spec", "template", "metadata", "labels", kv.Key.Str()!)));
        Assert.All(selector.Children, kv => Assert.Equal(kv.Value.Str(), Single("Job").Str("spec", "template", "metadata", "labels", kv.Key.Str()!)));
        Assert.Equal(["Egress", "Ingress"], policy.Strings("spec", "policyTypes").Order());

        var ingress = Assert.Single(policy.Seq("spec", "ingress"));
        Assert.Empty(ingress.Seq("from"));
        var port = Assert.Single(ingress.Seq("ports"));
        var containerPort = Assert.Single(PortalContainer(deployment).Seq("ports")).Str("containerPort");
        Assert.Equal(containerPort, port.Str("port"));

        var egress = policy.Seq("spec", "egress")
            .SelectMany(rule => rule.Seq("ports").Select(p => $"{p.Str("protocol")}/{p.Str("port")}")).Order().ToList();
        Assert.Equal(["TCP/443", "TCP/53", "TCP/5432", "TCP/6443", "UDP/53"], egress);
    }
}
