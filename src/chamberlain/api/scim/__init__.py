"""The SCIM 2.0 face at ``/scim/v2``: Okta and Entra provision an account's users."""
