namespace MailHub.Host.Api.Audit;

/// <summary>The endpoint writes its own audit lines (sign-ins with the e-mail tried, sign-outs, password changes): <see cref="AuditTrail"/> leaves it alone.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class AuditedByItselfAttribute : Attribute;
