-- The organization: a tree of departments and the members in them.
CREATE TABLE departments (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    parent_id uuid REFERENCES departments (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX departments_parent ON departments (parent_id);

-- A member's id is also the id of its login account (core.accounts).
CREATE TABLE members (
    id uuid PRIMARY KEY,
    account text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    mobile text,
    position text,
    role text NOT NULL CHECK (role IN ('admin', 'agent')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX members_account ON members (lower(account));
CREATE UNIQUE INDEX members_email ON members (lower(email));

-- ordinal keeps the order the departments were given in: the first is the member's main team.
CREATE TABLE member_departments (
    member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    department_id uuid NOT NULL REFERENCES departments (id),
    ordinal int NOT NULL,
    PRIMARY KEY (member_id, department_id)
);
CREATE INDEX member_departments_department ON member_departments (department_id);

-- Customers; a merged customer stays as a pointer to the survivor (merged_into) so old ids resolve.
CREATE TABLE customers (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    company text,
    phone text,
    notes text,
    merged_into uuid REFERENCES customers (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per e-mail address; an address belongs to one customer, compared case-insensitively.
CREATE TABLE contacts (
    email text NOT NULL,
    customer_id uuid NOT NULL REFERENCES customers (id),
    display_name text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contacts_email ON contacts (lower(email));
CREATE INDEX contacts_customer ON contacts (customer_id);

-- The customer's history, projected from the Conversations module's ConversationOpened events.
CREATE TABLE customer_conversations (
    conversation_id uuid PRIMARY KEY,
    customer_id uuid NOT NULL,
    number bigint NOT NULL,
    mailbox_id uuid NOT NULL,
    subject text NOT NULL,
    state text NOT NULL DEFAULT 'open',
    opened_at timestamptz NOT NULL
);
CREATE INDEX customer_conversations_customer ON customer_conversations (customer_id, opened_at DESC);
