namespace MailHub.People.Contracts;

/// <summary>
/// Two customers became one: <paramref name="MergedId"/>'s contacts moved to <paramref name="SurvivorId"/>,
/// and lookups of <paramref name="MergedId"/> now answer with the survivor. Stream <c>customer-{SurvivorId}</c>.
/// </summary>
public sealed record CustomerMerged(Guid SurvivorId, Guid MergedId, Guid? By, DateTimeOffset At);

public static class DirectoryEvents
{
    public const string CustomerMergedType = "CustomerMerged";

    public static string CustomerStream(Guid customerId) => "customer-" + customerId.ToString("D");
}
