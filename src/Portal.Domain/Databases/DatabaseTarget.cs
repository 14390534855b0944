using Portal.Domain.Common;

namespace Portal.Domain.Databases;

/// <summary>A database a DB engineer registered in one of their tenant's namespaces: how to reach it (a Service)
/// and where its credentials are (a Secret reference), never the credentials themselves.</summary>
public sealed class DatabaseTarget : Entity, IClusterScoped
{
    private DatabaseTarget() { Name = Namespace = ServiceName = RegisteredBy = ""; Credentials = null!; }

    public DatabaseTarget(Guid tenantId, Guid clusterId, string @namespace, string name, DatabaseEngine engine, string serviceName, int port,
        IReadOnlyList<string> databaseNames, SecretKeyReference credentials, DatabaseSource source, string? sourceObject, int? serverMajorVersion,
        string registeredBy, DateTimeOffset registeredAt)
    {
        if (TenantNamespaceName.Explain(@namespace) is { } nsWhy) throw new DomainException(nsWhy);
        if (KubernetesName.ExplainInvalidLabel(name, "database name in the portal") is { } nameWhy) throw new DomainException(nameWhy);
        if (KubernetesName.ExplainInvalidLabel(serviceName, "service name") is { } svcWhy) throw new DomainException(svcWhy);
        if (!engine.CanDump())
            throw new DomainException($"The portal dumps PostgreSQL, MySQL and MariaDB databases; it cannot register a {engine.Display()} database.");
        if (port is < 1 or > 65535) throw new DomainException($"Port {port} is not a TCP port (1 to 65535).");
        if (databaseNames.Count == 0) throw new DomainException("Name at least one database to dump.");
        if (databaseNames.FirstOrDefault(n => string.IsNullOrWhiteSpace(n) || n.Length > 63 || n.Any(char.IsControl)) is { } bad)
            throw new DomainException($"'{bad}' is not a usable database name (1 to 63 characters, no control characters).");
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        Name = name;
        Engine = engine;
        ServiceName = serviceName;
        Port = port;
        DatabaseNames = databaseNames.ToList();
        Credentials = credentials;
        Source = source;
        SourceObject = sourceObject;
        ServerMajorVersion = serverMajorVersion;
        RegisteredBy = registeredBy;
        RegisteredAt = registeredAt;
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public string Namespace { get; private set; }
    /// <summary>The portal's name for it, unique per cluster and namespace (e.g. "orders-db").</summary>
    public string Name { get; private set; }
    public DatabaseEngine Engine { get; private set; }
    public string ServiceName { get; private set; }
    public int Port { get; private set; }
    public List<string> DatabaseNames { get; private set; } = [];
    public SecretKeyReference Credentials { get; private set; }
    public DatabaseSource Source { get; private set; }
    /// <summary>The CloudNativePG Cluster or workload it was discovered from, if any.</summary>
    public string? SourceObject { get; private set; }
    public int? ServerMajorVersion { get; private set; }
    /// <summary>The newest good dump must be younger than this, or the database page warns.</summary>
    public TimeSpan? RpoTarget { get; private set; }
    public string RegisteredBy { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>The in-cluster host name the dump Job connects to.</summary>
    public string Host => $"{ServiceName}.{Namespace}.svc";

    public void SetRpoTarget(TimeSpan? rpo)
    {
        if (rpo is { } r && (r < TimeSpan.FromMinutes(5) || r > TimeSpan.FromDays(366)))
            throw new DomainException("An RPO target lies between 5 minutes and a year.");
        RpoTarget = rpo;
    }
}
