using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using MailHub.People.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Customers;

/// <summary>A customer's changes: a field left out (null) stays; emails, when given, is the customer's whole list of addresses.</summary>
internal sealed record UpdateCustomerRequest(
    [property: RouteParam] Guid Id, string? Name, string? Company, string? Phone, string? Notes, IReadOnlyList<string>? Emails);

internal sealed class UpdateCustomerRequestValidator : Validator<UpdateCustomerRequest>
{
    public UpdateCustomerRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop; // the first failed check of a field is its message
        RuleFor(r => r.Name).CustomerName("A customer's name cannot be blank: leave it out to keep the current one.")
            .When(r => r.Name is not null);
        RuleFor(r => r.Company).CustomerCompany();
        RuleFor(r => r.Phone).CustomerPhone();
        RuleFor(r => r.Notes).CustomerNotes();
        RuleFor(r => r.Emails).CustomerEmails();
        RuleForEach(r => r.Emails).CustomerEmail();
    }
}

/// <summary>PUT /api/directory/customers/{id}.</summary>
internal sealed class UpdateCustomer(CustomerStore store) : Endpoint<UpdateCustomerRequest, CustomerResponse>
{
    public override void Configure()
    {
        Put("/directory/customers/{id:guid}");
        Description(d => d.ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Edit a customer.";
            s.Description = "Fields left out stay; an empty company, phone or notes clears it; emails, when given, is the customer's "
                + "whole list of addresses (missing ones are removed). The id of a merged customer edits the survivor. Refused "
                + "(400) for a blank name or an address that is not one, (409) when an address belongs to another customer, "
                + "404 when there is no such customer.";
        });
    }

    public override async Task HandleAsync(UpdateCustomerRequest request, CancellationToken cancellationToken)
    {
        var current = await store.FindAsync(request.Id, cancellationToken);
        if (current is null)
        {
            await Send.ResultAsync(Problems.NotFound("customer", request.Id));
            return;
        }
        var fields = new CustomerFields(
            SqlText.Clean(request.Name) ?? current.Name,
            request.Company is null ? current.Company : SqlText.Clean(request.Company),
            request.Phone is null ? current.Phone : SqlText.Clean(request.Phone),
            request.Notes is null ? current.Notes : SqlText.Clean(request.Notes));
        try
        {
            var emails = request.Emails is null ? null : CustomerRules.CleanEmails(request.Emails);
            var customer = await store.UpdateAsync(current.Id, fields, emails, cancellationToken);
            if (customer is null)
                await Send.ResultAsync(Problems.NotFound("customer", request.Id));
            else
                await Send.OkAsync(CustomerResponse.Of(customer), cancellationToken);
        }
        catch (ContactTakenException taken)
        {
            await Send.ResultAsync(Problems.Conflict("emails", taken.Message));
        }
    }
}
