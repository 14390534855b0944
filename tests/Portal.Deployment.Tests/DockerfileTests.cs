namespace Portal.Deployment.Tests;

public sealed class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(RepoRoot.Combine("deploy", "Dockerfile"))
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .ToArray();

    private static string[] Instruction(string line) => line.Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The instructions of each stage, keyed by its FROM line.</summary>
    private static List<(string From, List<string> Body)> Stages()
    {
        var stages = new List<(string, List<string>)>();
        foreach (var line in Lines)
        {
            if (Instruction(line)[0].Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                stages.Add((line, []));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Item2.Add(line);
            }
        }

        return stages;
    }

    [Fact]
    public void Is_multi_stage_sdk_build_then_aspnet_runtime()
    {
        var stages = Stages();

        Assert.True(stages.Count >= 2, "expected a build stage and a runtime stage");
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.0", stages[0].From);
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:10.0", stages[^1].From);
        Assert.Contains(stages[0].Body, l => l.Contains("dotnet publish", StringComparison.Ordinal)
                                             && l.Contains("src/Portal.Web", StringComparison.Ordinal)
                                             && l.Contains("-o /app", StringComparison.Ordinal));
    }

    [Fact]
    public void Runtime_stage_runs_as_a_non_root_user()
    {
        var runtime = Stages()[^1].Body;
        var users = runtime.Where(l => Instruction(l)[0].Equals("USER", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.NotEmpty(users);
        var user = Instruction(users[^1])[1].Split(':')[0].Trim();
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.True(int.TryParse(user, out var uid) && uid > 0,
            $"USER '{user}' should be numeric so Kubernetes can verify runAsNonRoot");
    }

    [Fact]
    public void Runtime_stage_exposes_8080_and_starts_the_portal()
    {
        var runtime = Stages()[^1].Body;

        Assert.Contains("EXPOSE 8080", runtime);
        Assert.Contains(runtime, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains("Portal.Web.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Restore_layer_copies_every_project_the_web_project_needs()
    {
        // The restore step runs before the sources are copied: a project reference added to
        // Portal.Web (directly or transitively) without its COPY line breaks the image build.
        var copied = Lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            .Where(t => t.EndsWith(".csproj", StringComparison.Ordinal))
            .ToHashSet();

        var pending = new Stack<string>([RepoRoot.Combine("src", "Portal.Web", "Portal.Web.csproj")]);
        var seen = new HashSet<string>();
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }

            var relative = Path.GetRelativePath(RepoRoot.Path, project).Replace('\\', '/');
            Assert.True(copied.Contains(relative), $"deploy/Dockerfile must COPY {relative} before 'dotnet restore'");

            var xml = System.Xml.Linq.XDocument.Load(project);
            foreach (var reference in xml.Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(include, Path.GetDirectoryName(project)!));
            }
        }

        Assert.True(seen.Count > 1, "Portal.Web should reference the other portal projects");
    }

    [Fact]
    public void Ignore_file_beside_the_dockerfile_keeps_build_outputs_out_of_the_context()
    {
        var rules = File.ReadAllLines(RepoRoot.Combine("deploy", "Dockerfile.dockerignore"));

        Assert.Contains("**/bin/", rules);
        Assert.Contains("**/obj/", rules);
        Assert.Contains(".git/", rules);
    }
}
