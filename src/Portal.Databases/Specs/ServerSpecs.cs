using Portal.Domain.Databases;

namespace Portal.Databases.Specs;

/// <summary>
/// A dump of a whole database server, to move it to another one: every database with its roles or users
/// (PostgreSQL: the plain SQL of <c>pg_dumpall</c>; MySQL/MariaDB: <c>--all-databases</c>, gzipped). Same environment
/// as the other dumps (<c>PGHOST</c>… or <c>MYSQL_HOST</c>…), with a superuser (postgres, root).
/// <see cref="Name"/> names the artifact as a schedule id does: <c>&lt;name&gt;-&lt;UTC stamp&gt;&lt;ext&gt;</c>.
/// </summary>
public sealed record ServerDumpSpec(DatabaseEngine Engine, string Name, ArtifactDirectory Destination)
{
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Names.ScheduleId(Name));
        errors.AddRange(Destination.Validate());
        return errors;
    }
}

/// <summary>Restore of a <see cref="ServerDumpSpec"/> artifact into a fresh server (the target of a move): its sha256
/// checked first, then every database, role and user of the dump created on the server.</summary>
public sealed record ServerRestoreSpec(DatabaseEngine Engine, string MountPath, string Artifact, string ExpectedSha256)
{
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(RestoreChecks.Artifact(MountPath, Artifact, ExpectedSha256));
        var kind = ArtifactNames.KindOf(Artifact ?? "");
        var expected = Engine == DatabaseEngine.PostgreSql ? ArtifactKind.PgPlain : ArtifactKind.MySqlSqlGz;
        if (kind != expected)
            errors.Add($"\"{Artifact}\" is not a whole-server dump of {Engine} made by this portal ({ArtifactNames.Extension(expected)}).");
        return errors;
    }
}
