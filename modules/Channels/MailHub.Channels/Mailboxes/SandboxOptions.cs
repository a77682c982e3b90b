namespace MailHub.Channels.Mailboxes;

/// <summary>MailHub:Sandbox: where sandbox mailboxes get their addresses.</summary>
internal sealed class SandboxOptions
{
    public const string Section = "MailHub:Sandbox";

    /// <summary>The domain of sandbox addresses (<c>&lt;slug&gt;@sandbox.mailhub.test</c>).</summary>
    public string Domain { get; set; } = "sandbox.mailhub.test";
}
