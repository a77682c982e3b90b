using FastEndpoints;
using FluentValidation;
using MailHub.Core.Http;
using MailHub.People.Http;
using Microsoft.AspNetCore.Http;

namespace MailHub.People.Customers;

/// <summary>A new customer: a name or at least one address (the name then comes from the first address).</summary>
internal sealed record CreateCustomerRequest(string? Name, string? Company, string? Phone, string? Notes, IReadOnlyList<string>? Emails);

internal sealed class CreateCustomerRequestValidator : Validator<CreateCustomerRequest>
{
    public CreateCustomerRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop; // the first failed check of a field is its message
        RuleFor(r => r.Name).CustomerName("A customer's name cannot be blank: leave it out to name the customer after its first address.")
            .When(r => r.Name is not null);
        RuleFor(r => r.Name)
            .Must((request, name) => SqlText.Clean(name) is not null || request.Emails is { Count: > 0 })
            .WithMessage("Give the customer a name or at least one e-mail address.");
        RuleFor(r => r.Company).CustomerCompany();
        RuleFor(r => r.Phone).CustomerPhone();
        RuleFor(r => r.Notes).CustomerNotes();
        RuleFor(r => r.Emails).CustomerEmails();
        RuleForEach(r => r.Emails).CustomerEmail();
    }
}

/// <summary>POST /api/directory/customers.</summary>
internal sealed class CreateCustomer(CustomerStore store) : Endpoint<CreateCustomerRequest, CustomerResponse>
{
    public override void Configure()
    {
        Post("/directory/customers");
        Description(d => d.ClearDefaultProduces(StatusCodes.Status200OK).Produces<CustomerResponse>(StatusCodes.Status201Created, "application/json")
            .ProducesValidationProblem(StatusCodes.Status409Conflict));
        Summary(s =>
        {
            s.Summary = "Create a customer with one or more e-mail addresses.";
            s.Description = "Answers 201 with the customer and its Location. Refused (400) without a name or an address, or for an "
                + "address that is not one; (409) when an address already belongs to another customer: merge the two instead.";
        });
    }

    public override async Task HandleAsync(CreateCustomerRequest request, CancellationToken cancellationToken)
    {
        var emails = CustomerRules.CleanEmails(request.Emails);
        var fields = new CustomerFields(SqlText.Clean(request.Name) ?? CustomerStore.NameFor(emails[0], null),
            SqlText.Clean(request.Company), SqlText.Clean(request.Phone), SqlText.Clean(request.Notes));
        try
        {
            var customer = await store.CreateAsync(fields, emails, cancellationToken);
            await Send.ResultAsync(TypedResults.Created($"/api/directory/customers/{customer.Id}", CustomerResponse.Of(customer)));
        }
        catch (ContactTakenException taken)
        {
            await Send.ResultAsync(Problems.Conflict("emails", taken.Message));
        }
    }
}
