using FastEndpoints;
using FluentValidation;

namespace MailHub.People.Import;

/// <summary>Which file to download: format xlsx (the default) or csv, headers in locale's language (zh-CN or en, the default).</summary>
internal sealed record SheetRequest([property: QueryParam] string? Format, [property: QueryParam] string? Locale);

internal sealed class SheetRequestValidator : Validator<SheetRequest>
{
    public SheetRequestValidator()
    {
        RuleFor(r => r.Format).Must(f => SheetFormats.Parse(f) is not null).WithMessage("Use format=xlsx or format=csv.");
        RuleFor(r => r.Locale).MaximumLength(20).WithMessage("Use locale=zh-CN or locale=en.");
    }
}
