namespace MailHub.Core.Audit;

/// <summary>
/// On an endpoint class: a POST that changes nothing (a preview, a dry run), so the audit log, which records every
/// successful unsafe call, leaves it out.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ChangesNothingAttribute : Attribute;
