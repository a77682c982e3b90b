namespace MailHub.Routing.Teams;

/// <summary>
/// How a team hands its conversations out: the strategy its rules use unless they name one, and the capacity its
/// agents start with (null: <see cref="RoutingOptions.DefaultCapacity"/>).
/// </summary>
internal sealed record TeamSettings(Guid TeamId, string Strategy, int? DefaultCapacity);
