namespace MailHub.Channels.Mailboxes;

/// <summary>What a connection test answers: ok when every step worked, and each step with what to do when it did not.</summary>
internal sealed record ConnectionTestReport(bool Ok, IReadOnlyList<TestStep> Steps)
{
    public static ConnectionTestReport Of(IReadOnlyList<TestStep> steps) => new(steps.All(s => s.Ok), steps);
}
