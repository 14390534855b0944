namespace Portal.Application.Abstractions;

/// <summary>Marks every command and query handler of the application. The DI registration and the
/// authorization walk test both find use cases through this marker, so a new one cannot be left out.</summary>
public interface IUseCase;
