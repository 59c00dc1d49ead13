"""PACT v3 exchange: a result as a ProductFootprint (footprint.py) and the checks of a received
one (validate.py) against the official schema (official.py), itself and a rule.

Notice (WBCSD PACT licence, section 3.2). This package is a Separate Derivative of the PACT
Technical Specifications and their OpenAPI schema (v3.0.3), the Licensed Material of the World
Business Council for Sustainable Development (WBCSD), its owner and rightholder: it implements the
information in them without including them. pcrlang does not ship the schema; `pcr pact validate`
reads the official file where the user keeps it. Section 5 of the licence, reproduced exactly and
in full:

5 Disclaimer of Warranties and Limitation of Liability.

5.1 Licensor offers, provides, makes available, and licenses the Licensed Material, and grants the
license and Licensed Rights, "as is" and "as available" without any representations or
warranties, express or implied. Licensor hereby disclaims all representations and warranties,
express, implied, statutory, or otherwise, under any law, including, without limitation, all
representations and warranties of title, merchantability, fitness for a particular purpose,
non-infringement, absence of latent or other defects, accuracy, or the presence or absence of
errors, whether or not known or discoverable. Where disclaimers of warranties are limited by
applicable law, this disclaimer applies to the greatest extent not limited by such applicable law.

5.2 In no event will Licensor be liable to User or any other person, under contract, negligence,
willful misconduct, other tort, property, intellectual property, or other cause or legal theory
any legal theory or otherwise, for any direct, indirect, special, incidental, consequential,
punitive, exemplary, liquidated, or other losses, costs, expenses, attorneys' or legal fees or
costs, or damages of any kind anywhere, under any law, arising or related to this License, any
Licensed Right, the Licensed Material, any Derivative, and/or any part thereof or any Use, even if
Licensor has been advised of the possibility of such losses, costs, expenses, attorneys' or legal
fees or costs, or damages of any kind anywhere. Where the exclusion or limitation of liability is
limited by applicable law, this exclusion and limitation of liability applies to the greatest
extent not limited by such applicable law.

5.3 The disclaimer of representations and warranties and the exclusion and limitation of liability
under Sections 5.1 and 5.2 shall be interpreted in a manner that, to the extent possible, most
closely approximates an absolute disclaimer and waiver of all liability.
"""
from .footprint import SPEC_VERSION, Footprint, PactError, Problem, build, merge_meta  # noqa: F401
