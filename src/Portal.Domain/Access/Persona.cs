namespace Portal.Domain.Access;

/// <summary>The six built-in roles of the product (PRODUCT.md, "Who uses it").</summary>
public enum Persona
{
    ApplicationOwner,
    PlatformEngineer,
    SreEngineer,
    DatabaseEngineer,
    MigrationArchitect,
    StorageAdministrator,
}

public static class PersonaNames
{
    public static string Display(this Persona persona) => persona switch
    {
        Persona.ApplicationOwner => "Application owner",
        Persona.PlatformEngineer => "Platform engineer",
        Persona.SreEngineer => "SRE / DR engineer",
        Persona.DatabaseEngineer => "Database engineer",
        Persona.MigrationArchitect => "Migration architect",
        Persona.StorageAdministrator => "Storage administrator",
        _ => persona.ToString(),
    };
}
