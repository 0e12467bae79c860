"""`vhsheaven import`: another blog's posts → review files under content/ and images in static/."""
