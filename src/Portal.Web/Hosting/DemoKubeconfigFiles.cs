using Microsoft.Data.Sqlite;
using Portal.Infrastructure;

namespace Portal.Web.Hosting;

/// <summary>The demo writes each simulated cluster's kubeconfig next to the SQLite database (owner-only, mode 600), so a
/// newcomer can run <c>kubectl --kubeconfig ...</c> against the demo clusters and see exactly what the portal did.
/// The cluster page shows the path in Development.</summary>
public sealed class DemoKubeconfigFiles(IConfiguration config, IHostEnvironment env)
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The folder of the SQLite database (or <c>data/</c> under the content root for PostgreSQL).</summary>
    public string Folder
    {
        get
        {
            var db = config.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
            if (!db.IsPostgres)
            {
                var source = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
                if (!string.IsNullOrEmpty(source) && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal))
                    return Path.GetDirectoryName(Path.GetFullPath(Path.Combine(env.ContentRootPath, source)))!;
            }
            return Path.Combine(env.ContentRootPath, "data");
        }
    }

    public string? PathOf(string clusterName)
    {
        lock (_gate) return _paths.GetValueOrDefault(clusterName);
    }

    public string Write(string clusterName, string kubeconfig)
    {
        var folder = Folder;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"kubeconfig-{clusterName}.yaml");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, options)) writer.Write(kubeconfig);
        // An older file keeps its mode on overwrite: tighten it again.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        lock (_gate) _paths[clusterName] = path;
        return path;
    }
}
