"""`vhsheaven new` and `vhsheaven init`: new review files and new blogs."""
